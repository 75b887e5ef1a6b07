using System.Text.RegularExpressions;
using Slipway.IntegrationTests.EndToEnd;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Pipelines;

/// <summary><c>slipway run</c> and <c>slipway pipelines ...</c> end to end: the real CLI against a real server process.</summary>
public sealed partial class PipelineCliTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>, IDisposable
{
    private readonly TempDirectory _files = new("slipway-pipeline-cli");
    private readonly HttpClient _http = new() { BaseAddress = new Uri(fixture.Server.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };

    private string Url => fixture.Server.BaseUrl;

    private PipelineApi Api => new(_http);

    public void Dispose()
    {
        _http.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task Run_of_a_passing_pipeline_exits_0_and_prints_the_summary_with_the_run_id()
    {
        var name = Names.Unique("pass");
        var file = Write(name, $"""
            name: {name}
            steps:
              first:
                run: echo first
              second:
                run: echo second
                needs: [first]
            """);

        var result = await SlipwayCli.RunAgainstAsync(Url, "run", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        var id = RunIdOf(result);
        Assert.Contains($"Pipeline {name} succeeded in ", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("2 succeeded", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"slipway pipelines status {id}", result.StandardOutput, StringComparison.Ordinal);
        var run = await Api.GetAsync(id);
        Assert.Equal("succeeded", run.Str("status"));
        Assert.Equal(name, run.Str("pipeline"));
    }

    [Fact]
    public async Task Run_of_a_failing_pipeline_exits_1_naming_the_failed_step()
    {
        var name = Names.Unique("fail");
        var file = Write(name, $"""
            name: {name}
            steps:
              fine:
                run: echo fine
              broken:
                run: echo "bad input file" >&2; exit 3
                needs: [fine]
                cache: false
            """);

        var result = await SlipwayCli.RunAgainstAsync(Url, "run", file);

        Assert.True(result.ExitCode == 1, result.ToString());
        var id = RunIdOf(result);
        Assert.Contains($"Pipeline {name} failed in ", result.StandardOutput, StringComparison.Ordinal);
        // The step's line, with the exit code said once: the server's message starts with it already.
        Assert.Matches(@"(?m)^  broken: failed after \S+: exit code 3: bad input file$", result.StandardOutput);
        Assert.Contains($"slipway runs logs {id} --step broken", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("failed", (await Api.GetAsync(id)).Str("status"));
    }

    [Fact]
    public async Task Run_of_a_bad_file_exits_2_with_line_and_column_and_runs_nothing()
    {
        var name = Names.Unique("bad");
        var file = Write(name, $$"""
            name: {{name}}
            steps:
              train:
                run: echo train
                resources: {gpu: one}
            """);

        var result = await SlipwayCli.RunAgainstAsync(Url, "run", file);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("nothing ran", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("slipway.yaml:5:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("steps.train.resources.gpu", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Started run", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(await Api.RunsOfAsync(name));
    }

    [Fact]
    public async Task Param_overrides_reach_the_step_and_runs_status_and_logs_show_the_run()
    {
        var name = Names.Unique("show");
        var file = Write(name, $$$"""
            name: {{{name}}}
            params:
              greeting: hello
            steps:
              greet:
                run: echo "says ${{ params.greeting }}"
              shout:
                run: echo "loud ${{ params.greeting }}"
                needs: [greet]
            """);

        var run = await SlipwayCli.RunAgainstAsync(Url, "run", file, "-p", "greeting=ahoy");
        Assert.True(run.ExitCode == 0, run.ToString());
        var id = RunIdOf(run);

        var runs = await SlipwayCli.RunAgainstAsync(Url, "pipelines", "runs", "--pipeline", name);
        Assert.True(runs.ExitCode == 0, runs.ToString());
        var line = Assert.Single(Lines(runs.StandardOutput), l => l.Contains(id, StringComparison.Ordinal));
        Assert.Contains(name, line, StringComparison.Ordinal);
        Assert.Contains("succeeded", line, StringComparison.Ordinal);
        Assert.Contains("manual", line, StringComparison.Ordinal);

        var status = await SlipwayCli.RunAgainstAsync(Url, "pipelines", "status", id);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("greeting=ahoy", status.StandardOutput, StringComparison.Ordinal);
        foreach (var step in new[] { "greet", "shout" })
        {
            Assert.Single(Lines(status.StandardOutput), l => l.Contains(step, StringComparison.Ordinal) && l.Contains("succeeded", StringComparison.Ordinal));
        }

        var logs = await SlipwayCli.RunAgainstAsync(Url, "runs", "logs", id);
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Contains("[greet] says ahoy", logs.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("[shout] loud ahoy", logs.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipelines_validate_shows_what_a_file_declares_and_apply_registers_it_with_its_code()
    {
        var name = Names.Unique("apply");
        var file = Write(name, $"""
            name: {name}
            steps:
              prepare:
                run: echo prepare
              train:
                run: echo train
                needs: [prepare]
            """);
        var bad = Write(name + "-bad", $"""
            name: {name}
            steps:
              prepare:
                rn: echo prepare
            """);

        var validate = await SlipwayCli.RunAgainstAsync(Url, "pipelines", "validate", file);
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Contains($"slipway.yaml is valid: pipeline {name} with 2 steps", validate.StandardOutput, StringComparison.Ordinal);
        Assert.Single(Lines(validate.StandardOutput), l => l.Contains("train", StringComparison.Ordinal) && l.Contains("prepare", StringComparison.Ordinal));
        var invalid = await SlipwayCli.RunAgainstAsync(Url, "pipelines", "validate", bad);
        Assert.True(invalid.ExitCode == 1, invalid.ToString());
        Assert.Contains("slipway.yaml:4:5: ", invalid.StandardError, StringComparison.Ordinal);
        Assert.Contains("did you mean 'run'?", invalid.StandardError, StringComparison.Ordinal);
        await MlflowApi.AssertError(await _http.GetAsync($"/api/v1/pipelines/{name}"), 404, "RESOURCE_DOES_NOT_EXIST");

        var apply = await SlipwayCli.RunAgainstAsync(Url, "pipelines", "apply", file);

        Assert.True(apply.ExitCode == 0, apply.ToString());
        var pipeline = await PipelineApi.ReadAsync(await _http.GetAsync($"/api/v1/pipelines/{name}"), System.Net.HttpStatusCode.OK);
        Assert.Contains($"code.{name}@1", pipeline.Str("code"), StringComparison.Ordinal);
        Assert.Contains($"Applied pipeline {name} with code {pipeline.Str("code")}", apply.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllTextAsync(file), pipeline.Str("spec"));
        Assert.Empty(await Api.RunsOfAsync(name));
    }

    [Fact]
    public async Task Run_with_code_dir_ships_that_directory_to_the_steps()
    {
        var name = Names.Unique("code");
        var root = _files.Combine(name);
        Directory.CreateDirectory(Path.Combine(root, "data"));
        await File.WriteAllTextAsync(Path.Combine(root, "data", "hello.txt"), "shipped from the repository root\n");
        var file = Write(Path.Combine(name, "pipelines"), $"""
            name: {name}
            steps:
              read:
                run: cat data/hello.txt
            """);

        var result = await SlipwayCli.RunAgainstAsync(Url, "run", file, "--code-dir", root);

        Assert.True(result.ExitCode == 0, result.ToString());
        var id = RunIdOf(result);
        Assert.Contains("shipped from the repository root", await Api.LogsAsync(id, "read"), StringComparison.Ordinal);
        Assert.Contains($"code.{name}@1", (await Api.GetAsync(id)).Str("code"), StringComparison.Ordinal);
    }

    /// <summary>Writes <c>slipway.yaml</c> into a directory of its own under the test's temp folder and returns its path.</summary>
    private string Write(string directory, string spec)
    {
        var path = _files.Combine(directory, "slipway.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, spec);
        return path;
    }

    private static string RunIdOf(CliResult result)
    {
        var match = StartedRun().Match(result.StandardOutput);
        Assert.True(match.Success, $"No 'Started run' line in:\n{result}");
        return match.Groups["id"].Value;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"Started run (?<id>[0-9a-f]+) of pipeline ")]
    private static partial Regex StartedRun();
}
