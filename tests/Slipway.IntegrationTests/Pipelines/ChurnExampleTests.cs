using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Pipelines;

/// <summary>
/// The README's main command, examples/churn, run with the real CLI against a real server: twice, the second time
/// from the cache with the quality gate holding the champion in place.
/// </summary>
public sealed class ChurnExampleTests(SlipwayServerFixture server) : IClassFixture<SlipwayServerFixture>
{
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task The_churn_example_registers_a_champion_and_its_unchanged_rerun_comes_from_the_cache()
    {
        var root = RepositoryRoot();
        string[] command = ["run", Path.Combine(root, "examples", "churn", "slipway.yaml"), "--code-dir", root, "--output", "json"];
        var environment = new Dictionary<string, string> { ["SLIPWAY_TRACKING_URI"] = server.BaseUrl };

        var first = await SlipwayCli.RunAsync(command, environment, Budget);
        Assert.True(first.ExitCode == 0, first.ToString());
        var firstRun = JsonNode.Parse(first.StandardOutput)!.AsObject();
        Assert.All(firstRun.Items("steps"), s => Assert.Equal("succeeded", s.Str("status")));
        var champion = await server.Api.GetOkAsync("registered-models/alias", ("name", "churn-classifier"), ("alias", "champion"));
        Assert.Equal("1", champion.Str("model_version.version"));
        Assert.Equal(PipelineApi.Step(firstRun, "evaluate").Str("run_id"), champion.Str("model_version.run_id"));

        var second = await SlipwayCli.RunAsync(command, environment, Budget);
        Assert.True(second.ExitCode == 0, second.ToString());
        var secondRun = JsonNode.Parse(second.StandardOutput)!.AsObject();
        foreach (var step in new[] { "build", "train-mlnet", "train-python", "evaluate" })
        {
            Assert.Equal("cached", PipelineApi.Status(secondRun, step));
        }

        Assert.Equal("skipped", PipelineApi.Status(secondRun, "register"));
        Assert.Contains("does not beat", PipelineApi.Step(secondRun, "gate").Str("message"), StringComparison.Ordinal);
        var versions = await server.Api.GetOkAsync("model-versions/search", ("filter", "name='churn-classifier'"));
        Assert.Single(versions.Items("model_versions"));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Slipway.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests do not run inside the repository: no Slipway.slnx above " + AppContext.BaseDirectory);
    }
}
