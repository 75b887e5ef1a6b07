using System.CommandLine;
using System.Text.Json;
using Slipway.Cli;
using Slipway.Cli.Commands.Pipelines;
using Slipway.Client.Tests.Infrastructure;
using Spectre.Console.Testing;

namespace Slipway.Client.Tests.Cli;

/// <summary><c>slipway run</c>, <c>slipway pipelines</c> and <c>slipway runs logs</c> against a fake server: what they send, print and exit with.</summary>
public sealed class PipelineCommandTests : IAsyncLifetime, IDisposable
{
    private const string StepRunId = "9a8b7c6d5e4f30211a2b3c4d5e6f7a8b";

    private readonly FakeMlflowServer _server = FakeMlflowServer.Start();
    private readonly string _directory = Directory.CreateTempSubdirectory("slipway-pipeline-cli-").FullName;
    private readonly string _file;

    public PipelineCommandTests()
    {
        _file = Path.Combine(_directory, "slipway.yaml");
        File.WriteAllText(_file, "name: churn\nsteps:\n  prep:\n    run: python prep.py\n");
        File.WriteAllText(Path.Combine(_directory, "prep.py"), "print('prep')\n");
        Directory.CreateDirectory(Path.Combine(_directory, "__pycache__"));
        File.WriteAllText(Path.Combine(_directory, "__pycache__", "prep.cpython-312.pyc"), "bytecode");
        _server.Map("POST", "/api/v1/pipelines/validate", FakeResponse.Ok(PipelineJson.Summary));
        _server.Map("POST", "/api/v1/datasets/code.churn/plan", FakeResponse.Ok("""{"missing":[]}"""));
        _server.Map("POST", "/api/v1/datasets/code.churn/versions", FakeResponse.Ok(DatasetJson.Version("code.churn", 3)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Run_checks_the_file_pushes_its_code_launches_and_watches_one_line_per_change_then_sums_up()
    {
        _server.Map("POST", "/api/v1/pipeline-runs", new FakeResponse(201, PipelineJson.Launched(PipelineJson.Run("running", PipelineJson.Step("prep", "running"), Pending("train")))));
        MapRunStates(
            PipelineJson.Run("running", PipelineJson.Step("prep", "running"), Pending("train")),
            PipelineJson.Run("succeeded", Done("prep"), PipelineJson.Step("train", "cached", attempts: 0, extra: "\"cached_from\":\"0a1b2c\"", end: 1700000009000)));

        var result = await CliRunner.RunAgainstAsync(_server, "run", _file, "-p", "lr=0.1", "-p", "target=churned");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Stderr);
        var launch = _server.RequestsTo("/api/v1/pipeline-runs").Single().Json;
        Assert.Equal(("data:code.churn@3", "slipway.yaml"), (launch.GetProperty("code").GetString(), launch.GetProperty("file_name").GetString()));
        Assert.Equal(("0.1", "churned"), (launch.GetProperty("params").GetProperty("lr").GetString(), launch.GetProperty("params").GetProperty("target").GetString()));
        Assert.Contains("name: churn", launch.GetProperty("spec").GetString(), StringComparison.Ordinal);
        var pushed = _server.RequestsTo("/api/v1/datasets/code.churn/versions").Single().Json.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString());
        Assert.Equal(["prep.py", "slipway.yaml"], pushed);
        var lines = Lines(result.Stdout);
        Assert.Equal(
            [
                "Checked slipway.yaml: pipeline churn, 2 steps.",
                "Code: data:code.churn@3 (2 files, 0 uploaded, 0 B).",
                $"Started run {PipelineJson.RunId} of pipeline churn.",
                "prep: running",
                "prep: succeeded after 8.0s",
                "train: cached: outputs of run 0a1b2c",
                "Pipeline churn succeeded in 1m 2s: 1 succeeded, 1 cached, 0 failed, 0 skipped.",
                $"  Steps:    slipway pipelines status {PipelineJson.RunId}",
                $"  Logs:     slipway runs logs {PipelineJson.RunId}",
                $"  Tracking: run {PipelineJson.RunId} in experiment 7 on {_server.BaseUri.AbsoluteUri.TrimEnd('/')}",
            ],
            lines);
    }

    [Fact]
    public async Task At_a_terminal_the_run_is_watched_in_a_live_table_of_its_steps()
    {
        _server.Map("POST", "/api/v1/pipeline-runs", new FakeResponse(201, PipelineJson.Launched(PipelineJson.Run("running", Pending("prep")))));
        MapRunStates(PipelineJson.Run(
            "failed",
            Done("prep"),
            PipelineJson.Step("train", "failed", attempts: 2, extra: "\"exit_code\":2,\"message\":\"loss is NaN\"", end: 1700000004200),
            PipelineJson.Step("report", "skipped", attempts: 0, start: null, extra: "\"message\":\"train failed\"")));
        using var terminal = new TestConsole().Interactive().SupportsAnsi(true).SupportsUnicode(true).Width(160);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, terminal) { GetEnvironmentVariable = _ => null };

        var exitCode = await CliApplication.InvokeAsync(["run", _file, "--tracking-uri", _server.BaseUri.AbsoluteUri], context);

        Assert.Equal(1, exitCode);
        var screen = terminal.Output;
        Assert.Contains($"churn run {PipelineJson.RunId}: failed, 1m 2s", screen, StringComparison.Ordinal);
        Assert.Contains(screen.Split('\n'), l => l.Contains("prep", StringComparison.Ordinal) && l.Contains("✔ succeeded", StringComparison.Ordinal) && l.Contains("8.0s", StringComparison.Ordinal));
        Assert.Contains(screen.Split('\n'), l => l.Contains("train", StringComparison.Ordinal) && l.Contains("✖ failed", StringComparison.Ordinal) && l.Contains("exit code 2; loss is NaN", StringComparison.Ordinal));
        Assert.Contains(screen.Split('\n'), l => l.Contains("report", StringComparison.Ordinal) && l.Contains("skipped", StringComparison.Ordinal) && l.Contains("train failed", StringComparison.Ordinal));
        Assert.Contains("Pipeline churn failed in 1m 2s: 1 succeeded, 0 cached, 1 failed, 1 skipped.", screen, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], null, false)]
    [InlineData(new[] { "--tracking-uri", "http://127.0.0.1:5000" }, null, true)]
    [InlineData(new string[0], "SLIPWAY_TRACKING_URI", true)]
    [InlineData(new string[0], "MLFLOW_TRACKING_URI", true)]
    public void The_embedded_server_is_for_when_no_server_was_chosen(string[] args, string? variable, bool configured)
    {
        var context = new CliContext(TextWriter.Null, TextWriter.Null) { GetEnvironmentVariable = name => name == variable ? "http://mlops.internal:5000" : null };
        var global = new GlobalOptions(context.GetEnvironmentVariable);
        var parse = new RootCommand { global.TrackingUri }.Parse(args);

        Assert.Equal(configured, EmbeddedServer.IsConfigured(parse, global, context));
        Assert.Equal(("127.0.0.1", 0), (EmbeddedServer.Options(context).Host, EmbeddedServer.Options(context).Port));
    }

    [Fact]
    public async Task Logs_as_json_are_one_object_a_line()
    {
        MapRunStates(PipelineJson.Run("succeeded", Done("prep")));
        MapLog("prep", "rows: 10\nwritten\n");

        var result = await CliRunner.RunAgainstAsync(_server, "runs", "logs", PipelineJson.RunId, "-o", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["""{"step":"prep","text":"rows: 10"}""", """{"step":"prep","text":"written"}"""], Lines(result.Stdout));
    }

    [Fact]
    public async Task A_failed_run_exits_1_naming_the_step_and_where_its_log_is()
    {
        _server.Map("POST", "/api/v1/pipeline-runs", new FakeResponse(201, PipelineJson.Launched(PipelineJson.Run("running", Pending("prep")))));
        MapRunStates(PipelineJson.Run("failed", PipelineJson.Step("prep", "failed", attempts: 3, extra: "\"exit_code\":1,\"message\":\"ValueError: no rows\"", end: 1700000004200)));

        var result = await CliRunner.RunAgainstAsync(_server, "run", _file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Pipeline churn failed in 1m 2s: 0 succeeded, 0 cached, 1 failed, 0 skipped.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  prep: failed after 3.2s (attempt 3): exit code 1; ValueError: no rows", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"  Logs:     slipway runs logs {PipelineJson.RunId} --step prep", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_json_output_stdout_holds_only_the_final_run_and_the_notes_go_to_stderr()
    {
        _server.Map("POST", "/api/v1/pipeline-runs", new FakeResponse(201, PipelineJson.Launched(PipelineJson.Run("queued"))));
        MapRunStates(PipelineJson.Run("canceled", PipelineJson.Step("prep", "canceled", end: 1700000002000)));

        var result = await CliRunner.RunAgainstAsync(_server, "run", _file, "--output", "json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(("canceled", "canceled"), (json.RootElement.GetProperty("status").GetString(), json.RootElement.GetProperty("steps")[0].GetProperty("status").GetString()));
        Assert.Equal("data:code.churn@3", json.RootElement.GetProperty("code").GetString());
        Assert.Contains($"Queued run {PipelineJson.RunId} of pipeline churn.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_the_server_refuses_prints_each_problem_on_its_own_line_exits_2_and_pushes_nothing()
    {
        _server.Map("POST", "/api/v1/pipelines/validate", FakeResponse.Error(
            400, "INVALID_PARAMETER_VALUE", "slipway.yaml:3:5: steps.train.needs: unknown step 'prepp'\\nslipway.yaml:9:1: params.lr.type: expected string, int, float or bool"));

        var result = await CliRunner.RunAgainstAsync(_server, "run", _file);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            ["error: slipway.yaml has 2 problems; nothing ran:", "  slipway.yaml:3:5: steps.train.needs: unknown step 'prepp'", "  slipway.yaml:9:1: params.lr.type: expected string, int, float or bool"],
            Lines(result.Stderr));
        Assert.Empty(_server.RequestsTo("/api/v1/datasets/code.churn/plan"));
        Assert.Empty(_server.RequestsTo("/api/v1/pipeline-runs"));
    }

    [Fact]
    public async Task Params_the_server_refuses_exit_2_with_its_reasons()
    {
        _server.Map("POST", "/api/v1/pipeline-runs", FakeResponse.Error(400, "INVALID_PARAMETER_VALUE", "param 'lr' expects a float; got 'fast'\\nparam 'target' is required: it has no default, so give a value (string)"));

        var result = await CliRunner.RunAgainstAsync(_server, "run", _file, "-p", "lr=fast");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            ["error: the server refused the launch:", "  param 'lr' expects a float; got 'fast'", "  param 'target' is required: it has no default, so give a value (string)"],
            Lines(result.Stderr));
    }

    [Fact]
    public async Task A_launch_that_started_nothing_says_why_and_exits_0()
    {
        _server.Map("POST", "/api/v1/pipeline-runs", FakeResponse.Ok("""{"skipped":"run 0a1b2c is still running (concurrency: skip-if-running)"}"""));

        var result = await CliRunner.RunAgainstAsync(_server, "run", _file);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Nothing started: run 0a1b2c is still running (concurrency: skip-if-running).", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(_server.RequestsTo($"/api/v1/pipeline-runs/{PipelineJson.RunId}"));
    }

    [Fact]
    public async Task No_wait_prints_the_launch_as_json_without_watching()
    {
        _server.Map("POST", "/api/v1/pipeline-runs", new FakeResponse(201, PipelineJson.Launched(PipelineJson.Run("running", Pending("prep")))));

        var result = await CliRunner.RunAgainstAsync(_server, "run", _file, "--no-wait", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(PipelineJson.RunId, json.RootElement.GetProperty("run").GetProperty("id").GetString());
        Assert.Equal("running", json.RootElement.GetProperty("run").GetProperty("status").GetString());
        Assert.Empty(_server.RequestsTo($"/api/v1/pipeline-runs/{PipelineJson.RunId}"));
    }

    [Fact]
    public async Task A_missing_pipeline_file_is_named()
    {
        var result = await CliRunner.RunAgainstAsync(_server, "run", Path.Combine(_directory, "nope.yaml"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: There is no pipeline file", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Validate_shows_what_the_file_declares_and_exits_1_on_problems()
    {
        var valid = await CliRunner.RunAgainstAsync(_server, "pipelines", "validate", _file);
        _server.Map("POST", "/api/v1/pipelines/validate", FakeResponse.Error(400, "INVALID_PARAMETER_VALUE", "slipway.yaml:2:1: steps: a pipeline needs at least one step"));
        var invalid = await CliRunner.RunAgainstAsync(_server, "pipelines", "validate", _file);

        Assert.Equal(0, valid.ExitCode);
        Assert.StartsWith("slipway.yaml is valid: pipeline churn with 2 steps.", valid.Stdout, StringComparison.Ordinal);
        Assert.Contains("Triggers:    schedule:0 3 * * *@UTC, webhook", valid.Stdout, StringComparison.Ordinal);
        Assert.Contains("Concurrency: skip-if-running, cooldown 10m 0s", valid.Stdout, StringComparison.Ordinal);
        Assert.Contains(Lines(valid.Stdout), l => l.Contains("target", StringComparison.Ordinal) && l.Contains("(required)", StringComparison.Ordinal));
        Assert.Contains(Lines(valid.Stdout), l => l.Contains("train", StringComparison.Ordinal) && l.Contains("prep", StringComparison.Ordinal));
        Assert.Equal(1, invalid.ExitCode);
        Assert.Equal(["error: slipway.yaml has a problem:", "  slipway.yaml:2:1: steps: a pipeline needs at least one step"], Lines(invalid.Stderr));
    }

    [Fact]
    public async Task Apply_pushes_the_code_and_registers_the_file_with_it()
    {
        _server.Map("POST", "/api/v1/pipelines", FakeResponse.Ok($$"""{"name":"churn","creator":"ada","creation_time":1700000000000,"last_updated_time":1700000000000,"code":"data:code.churn@3","summary":{{PipelineJson.Summary}}}"""));

        var result = await CliRunner.RunAgainstAsync(_server, "pipelines", "apply", _file);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("data:code.churn@3", _server.RequestsTo("/api/v1/pipelines").Single().Json.GetProperty("code").GetString());
        Assert.Equal("Applied pipeline churn with code data:code.churn@3; active triggers: schedule:0 3 * * *@UTC, webhook.", result.Stdout.Trim());
    }

    [Fact]
    public async Task Status_shows_each_step_and_the_attempts_of_steps_tried_more_than_once()
    {
        MapRunStates(PipelineJson.Run(
            "running",
            Done("prep"),
            PipelineJson.Step("train", "retrying", attempts: 1, extra: "\"exit_code\":137,\"attempt_history\":[{\"number\":1,\"status\":\"failed\",\"start_time\":1700000004000,\"end_time\":1700000009000,\"exit_code\":137,\"message\":\"out of memory\"},{\"number\":2,\"status\":\"running\",\"start_time\":1700000010000}]")));

        var result = await CliRunner.RunAgainstAsync(_server, "pipelines", "status", PipelineJson.RunId);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(Lines(result.Stdout), l => l.Contains("Params", StringComparison.Ordinal) && l.Contains("lr=0.01", StringComparison.Ordinal));
        Assert.Contains(Lines(result.Stdout), l => l.Contains("prep", StringComparison.Ordinal) && l.Contains("succeeded", StringComparison.Ordinal) && l.Contains("8.0s", StringComparison.Ordinal));
        Assert.Contains(Lines(result.Stdout), l => l.Contains("train  attempt 1", StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal) && l.Contains("exit code 137; out of memory", StringComparison.Ordinal));
        Assert.Contains(Lines(result.Stdout), l => l.Contains("train  attempt 2", StringComparison.Ordinal) && l.Contains("running", StringComparison.Ordinal));
        Assert.Contains($"Follow it: slipway runs logs {PipelineJson.RunId} --follow", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_lists_with_the_filters_sent()
    {
        _server.Map("GET", "/api/v1/pipeline-runs", FakeResponse.Ok($$"""{"runs":[{{PipelineJson.Run("failed")}}]}"""));

        var result = await CliRunner.RunAgainstAsync(_server, "pipelines", "runs", "--pipeline", "churn", "--status", "failed", "-n", "5");

        Assert.Equal(0, result.ExitCode);
        var request = _server.Requests.Single();
        Assert.Equal(("churn", "failed", "5"), (request.Query["pipeline"], request.Query["status"], request.Query["max_results"]));
        Assert.Contains(Lines(result.Stdout), l => l.Contains(PipelineJson.RunId, StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal) && l.Contains("1m 2s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logs_of_a_pipeline_run_prefix_each_line_with_its_step()
    {
        MapRunStates(PipelineJson.Run("succeeded", Done("prep"), Done("train")));
        MapLog("prep", "rows: 10\n");
        MapLog("train", "epoch 1\nepoch 2\n");

        var result = await CliRunner.RunAgainstAsync(_server, "runs", "logs", PipelineJson.RunId);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["[prep] rows: 10", "[train] epoch 1", "[train] epoch 2"], Lines(result.Stdout));
    }

    [Fact]
    public async Task Logs_of_a_steps_tracking_run_are_found_through_its_tags()
    {
        _server.Map("GET", $"/api/v1/pipeline-runs/{StepRunId}", FakeResponse.NotFound($"No pipeline run {StepRunId}"));
        _server.Map("GET", "runs/get", FakeResponse.Ok($$$$"""
            {"run":{"info":{"run_id":"{{{{StepRunId}}}}","experiment_id":"7","status":"FINISHED"},
             "data":{"tags":[{"key":"slipway.pipeline.run_id","value":"{{{{PipelineJson.RunId}}}}"},{"key":"slipway.step","value":"train"},{"key":"mlflow.parentRunId","value":"{{{{PipelineJson.RunId}}}}"}]}}}
            """));
        MapRunStates(PipelineJson.Run("succeeded", Done("prep"), Done("train")));
        MapLog("train", "epoch 1\n");

        var result = await CliRunner.RunAgainstAsync(_server, "runs", "logs", StepRunId);
        var wrongStep = await CliRunner.RunAgainstAsync(_server, "runs", "logs", StepRunId, "--step", "prep");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["epoch 1"], Lines(result.Stdout));
        Assert.Empty(_server.RequestsTo($"/api/v1/pipeline-runs/{PipelineJson.RunId}/steps/prep/logs"));
        Assert.Equal(1, wrongStep.ExitCode);
        Assert.Contains($"is the tracking run of step 'train', not 'prep'", wrongStep.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_create_prints_the_full_url_and_the_token_once()
    {
        _server.Map("POST", "/api/v1/pipelines/churn/webhooks", new FakeResponse(201, """{"id":"wh_1","pipeline":"churn","url":"/api/v1/hooks/wh_1","token":"whk_secret","creation_time":1700000000000}"""));

        var result = await CliRunner.RunAgainstAsync(_server, "pipelines", "webhook", "create", "churn");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"URL:   {_server.BaseUri}api/v1/hooks/wh_1", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Token: whk_secret", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("The token is shown only now", result.Stdout, StringComparison.Ordinal);
    }

    private static string Done(string step) => PipelineJson.Step(step, "succeeded", end: 1700000009000);

    private static string Pending(string step) => PipelineJson.Step(step, "pending", attempts: 0, start: null);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r', ' ')).ToArray();

    private void MapRunStates(params string[] states)
    {
        var gets = 0;
        _server.Map("GET", $"/api/v1/pipeline-runs/{PipelineJson.RunId}", _ => FakeResponse.Ok(states[Math.Min(Interlocked.Increment(ref gets) - 1, states.Length - 1)]));
    }

    private void MapLog(string step, string text) =>
        _server.Map("GET", $"/api/v1/pipeline-runs/{PipelineJson.RunId}/steps/{step}/logs", new FakeResponse(200, text, "text/plain")
        {
            Headers = new Dictionary<string, string> { ["X-Slipway-Log-Offset"] = text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), ["X-Slipway-Log-Complete"] = "true" },
        });
}
