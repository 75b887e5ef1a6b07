using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;
using static Slipway.IntegrationTests.Infrastructure.MlflowApi;

namespace Slipway.IntegrationTests.EndToEnd;

/// <summary>
/// The <c>slipway</c> CLI end to end against a real server process. Names are kept short so table cells never wrap
/// on an 80-column console.
/// </summary>
public sealed class CliTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>
{
    private readonly MlflowApi _api = fixture.Api;

    private string Url => fixture.Server.BaseUrl;

    [Fact]
    public async Task Experiments_list_shows_created_experiments_with_their_ids()
    {
        var name = ShortName("exp");
        var id = await _api.CreateExperimentAsync(name);

        var result = await SlipwayCli.RunAgainstAsync(Url, "experiments", "list");

        Assert.True(result.ExitCode == 0, result.ToString());
        var line = Assert.Single(Lines(result.StandardOutput), l => l.Contains(name, StringComparison.Ordinal));
        Assert.Contains($" {id} ", line, StringComparison.Ordinal);
        Assert.Contains("Default", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Experiments_create_prints_the_id_and_delete_soft_deletes_it()
    {
        var name = ShortName("exp");

        var create = await SlipwayCli.RunAgainstAsync(Url, "experiments", "create", name, "--tag", "team=cli");
        Assert.True(create.ExitCode == 0, create.ToString());
        var experiment = (await _api.GetOkAsync("experiments/get-by-name", ("experiment_name", name))).Required("experiment");
        var id = experiment.Str("experiment_id");
        Assert.Contains(id, create.StandardOutput, StringComparison.Ordinal);
        experiment.AssertTag("tags", "team", "cli");

        var delete = await SlipwayCli.RunAgainstAsync(Url, "experiments", "delete", id);
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Equal("deleted", (await _api.GetExperimentAsync(id)).Str("lifecycle_stage"));
    }

    [Fact]
    public async Task Experiments_list_with_json_output_is_machine_readable()
    {
        var name = ShortName("exp");
        var id = await _api.CreateExperimentAsync(name);

        var result = await SlipwayCli.RunAgainstAsync(Url, "experiments", "list", "--output", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var experiments = Assert.IsType<JsonArray>(JsonNode.Parse(result.StandardOutput));
        Assert.Contains(experiments, e => e!.ToJsonString().Contains(name, StringComparison.Ordinal) && e.ToJsonString().Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Runs_get_shows_params_metrics_and_tags()
    {
        var runId = await _api.CreateRunIdAsync(await _api.CreateExperimentAsync(ShortName("exp")), "shown");
        await _api.LogBatchAsync(runId, metrics: [Metric("rmse", 0.125)], parameters: KeyValues(("depth", "7")), tags: KeyValues(("owner", "ada")));

        var result = await SlipwayCli.RunAgainstAsync(Url, "runs", "get", runId);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var expected in new[] { "shown", "rmse", "0.125", "depth", "7", "owner", "ada" })
        {
            Assert.Contains(expected, result.StandardOutput, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Runs_search_filters_and_orders_the_table()
    {
        var experiment = ShortName("exp");
        var experimentId = await _api.CreateExperimentAsync(experiment);
        foreach (var (name, accuracy) in new[] { ("r-low", 0.6), ("r-high", 0.9), ("r-mid", 0.75), ("r-bad", 0.2) })
        {
            var runId = await _api.CreateRunIdAsync(experimentId, name);
            await _api.LogBatchAsync(runId, metrics: [Metric("acc", accuracy)], parameters: KeyValues(("model", name == "r-bad" ? "mlp" : "cnn")));
        }

        var result = await SlipwayCli.RunAgainstAsync(
            Url, "runs", "search", "--experiment", experiment, "--filter", "metrics.acc > 0.5 and params.model = 'cnn'", "--order-by", "metrics.acc DESC");

        Assert.True(result.ExitCode == 0, result.ToString());
        var output = result.StandardOutput;
        Assert.DoesNotContain("r-bad", output, StringComparison.Ordinal);
        string[] expectedOrder = ["r-high", "r-mid", "r-low"];
        var positions = expectedOrder.Select(n => output.IndexOf(n, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, output));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("metrics.acc", output, StringComparison.Ordinal);
        Assert.Contains("0.9", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_search_with_an_invalid_filter_exits_1_with_the_servers_message()
    {
        var experiment = ShortName("exp");
        await _api.CreateExperimentAsync(experiment);

        const string Filter = "metrics.acc > 0.5 OR params.x = 'y'";

        var result = await SlipwayCli.RunAgainstAsync(Url, "runs", "search", "--experiment", experiment, "--filter", Filter);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("INVALID_PARAMETER_VALUE", result.StandardError, StringComparison.Ordinal);
        AssertNamesToken(result.StandardError, Filter, "OR");
    }

    [Fact]
    public async Task Models_list_versions_and_promote_work_against_the_registry()
    {
        var model = ShortName("mdl");
        await _api.CreateRegisteredModelAsync(model);
        var runId = await _api.CreateRunIdAsync(await _api.CreateExperimentAsync(ShortName("exp")));
        await _api.CreateModelVersionAsync(model, runId);
        await _api.CreateModelVersionAsync(model, runId);
        await _api.TransitionStageAsync(model, "1", "Production");

        var list = await SlipwayCli.RunAgainstAsync(Url, "models", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(model, list.StandardOutput, StringComparison.Ordinal);

        var promote = await SlipwayCli.RunAgainstAsync(Url, "models", "promote", model, "2", "--stage", "production", "--archive-existing");
        Assert.True(promote.ExitCode == 0, promote.ToString());
        Assert.Contains("Production", promote.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("Production", await StageOfAsync(model, "2"));
        Assert.Equal("Archived", await StageOfAsync(model, "1"));

        var alias = await SlipwayCli.RunAgainstAsync(Url, "models", "promote", model, "1", "--alias", "champion");
        Assert.True(alias.ExitCode == 0, alias.ToString());
        Assert.Equal("1", (await _api.GetOkAsync("registered-models/alias", ("name", model), ("alias", "champion"))).Str("model_version.version"));

        var versions = await SlipwayCli.RunAgainstAsync(Url, "models", "versions", model);
        Assert.True(versions.ExitCode == 0, versions.ToString());
        var lines = Lines(versions.StandardOutput);
        var v2 = Assert.Single(lines, l => l.Contains("Production", StringComparison.Ordinal));
        var v1 = Assert.Single(lines, l => l.Contains("Archived", StringComparison.Ordinal));
        Assert.Contains(" 2 ", v2, StringComparison.Ordinal);
        Assert.Contains(" 1 ", v1, StringComparison.Ordinal);
        Assert.Contains("champion", v1, StringComparison.Ordinal);
        Assert.True(lines.IndexOf(v2) < lines.IndexOf(v1), "Versions should be listed newest first.\n" + versions.StandardOutput);
    }

    [Fact]
    public async Task Models_versions_of_unknown_model_exits_1_naming_the_error()
    {
        var result = await SlipwayCli.RunAgainstAsync(Url, "models", "versions", ShortName("nope"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("RESOURCE_DOES_NOT_EXIST", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_command_against_an_unreachable_server_exits_1_with_a_hint()
    {
        var port = FreePort();

        var result = await SlipwayCli.RunAgainstAsync($"http://127.0.0.1:{port}", "experiments", "list");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("error:", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_with_an_unknown_store_scheme_exits_1_with_a_one_line_message()
    {
        using var data = new TempDirectory("slipway-cli-badstore");

        var result = await SlipwayCli.RunAsync(["server", "--host", "127.0.0.1", "--port", "0", "--data-dir", data.Path, "--store", "badscheme://x"], timeout: TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 1, result.ToString());
        var errorLines = Lines(result.StandardError);
        var line = Assert.Single(errorLines);
        Assert.Contains("badscheme", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Listening on", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_on_a_port_in_use_exits_1_naming_the_port()
    {
        using var data = new TempDirectory("slipway-cli-port");
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var result = await SlipwayCli.RunAsync(["server", "--host", "127.0.0.1", "--port", $"{port}", "--data-dir", data.Path], timeout: TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(Lines(result.StandardError));
        Assert.Contains($"{port}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_with_an_unreachable_postgresql_exits_1_with_a_one_line_message()
    {
        using var data = new TempDirectory("slipway-cli-nopg");
        var port = FreePort();

        var result = await SlipwayCli.RunAsync(
            ["server", "--host", "127.0.0.1", "--port", "0", "--data-dir", data.Path, "--store", $"postgresql://slipway:secret@127.0.0.1:{port}/slipway"],
            timeout: TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(Lines(result.StandardError));
        Assert.Contains($"{port}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_keeps_artifacts_in_the_directory_given_by_artifacts_dir()
    {
        using var data = new TempDirectory("slipway-cli-artifacts");
        var artifacts = data.Combine("elsewhere");
        await using var server = await ServerProcess.StartAsync(data.Combine("data"), "--artifacts-dir", artifacts);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/") };
        using var content = new ByteArrayContent("kept"u8.ToArray());

        using var response = await http.PutAsync("api/2.0/mlflow-artifacts/artifacts/dir/file.txt", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("kept", await File.ReadAllTextAsync(Path.Combine(artifacts, "dir", "file.txt")));
    }

    [Theory]
    [InlineData("normal")]
    [InlineData("full")]
    public async Task Server_accepts_the_documented_sqlite_sync_option(string mode)
    {
        using var data = new TempDirectory("slipway-cli-sync");

        await using var server = await ServerProcess.StartAsync(data.Path, "--sqlite-sync", mode);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/") };

        Assert.NotEmpty(await new MlflowApi(http).CreateExperimentAsync());
    }

    private async Task<string> StageOfAsync(string model, string version) =>
        (await _api.GetOkAsync("model-versions/get", ("name", model), ("version", version))).Str("model_version.current_stage");

    private static string ShortName(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 8)];

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
