using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Pipelines;

/// <summary>Steps as real processes on a real server: order, parallelism, outputs, retries, timeouts, limits, cancellation.</summary>
public sealed class PipelineExecutionTests(SlipwayServerFixture server) : IClassFixture<SlipwayServerFixture>
{
    private readonly PipelineApi _api = new(server.Http);

    [Fact]
    public async Task Independent_steps_overlap_in_time_and_a_dependent_starts_after_both()
    {
        var run = await _api.RunAsync(Spec("""
            steps:
              a: {run: sleep 0.8, resources: {cpu: 0.1}, cache: false}
              b: {run: sleep 0.8, resources: {cpu: 0.1}, cache: false}
              c: {run: echo joined, needs: [a, b], cache: false}
            """));

        Assert.Equal("succeeded", run.Str("status"));
        var (a, b, c) = (PipelineApi.Span(run, "a"), PipelineApi.Span(run, "b"), PipelineApi.Span(run, "c"));
        Assert.True(a.Start < b.End && b.Start < a.End, $"a {a} and b {b} should overlap");
        Assert.True(c.Start >= Math.Max(a.End, b.End), $"c {c} started before a {a} or b {b} ended");
    }

    [Fact]
    public async Task A_step_reads_another_steps_output_and_params_reach_commands_and_the_environment()
    {
        var run = await _api.RunAsync(
            Spec("""
            params:
              greeting: hello
            steps:
              produce:
                run: mkdir -p out && echo "${{ params.greeting }} $GREETING" > out/greeting.txt
                env: {GREETING: "${{ params.greeting }}"}
                outputs: {greeting: out/}
              consume:
                run: echo "read $(cat ${{ inputs.g }}/greeting.txt)"
                inputs: {g: steps.produce.outputs.greeting}
            """),
            new Dictionary<string, string> { ["greeting"] = "ahoy" });

        Assert.Equal("succeeded", run.Str("status"));
        Assert.Contains("read ahoy ahoy", await _api.LogsAsync(run.Str("id"), "consume"), StringComparison.Ordinal);
        Assert.Equal("outputs/greeting", PipelineApi.Step(run, "produce").Str("outputs.greeting"));
    }

    [Fact]
    public async Task A_failing_attempt_is_retried_and_each_attempt_is_recorded()
    {
        var run = await _api.RunAsync(Spec("""
            steps:
              flaky:
                run: '[ "$SLIPWAY_ATTEMPT" -ge 2 ] || { echo "attempt $SLIPWAY_ATTEMPT fails" >&2; exit 3; }'
                retries: {count: 2, backoff: 100ms}
                cache: false
            """));

        Assert.Equal("succeeded", run.Str("status"));
        var step = PipelineApi.Step(run, "flaky");
        Assert.Equal(2, step.Int64Value("attempts"));
        var attempts = step.Items("attempt_history");
        Assert.Equal(["failed", "succeeded"], attempts.Select(a => a.Str("status")));
        Assert.Equal(3, attempts[0].Int64Value("exit_code"));
        Assert.Contains("attempt 1 fails", attempts[0].Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_that_always_fails_fails_the_run_after_its_retries_and_skips_what_depends_on_it()
    {
        var run = await _api.RunAsync(Spec("""
            steps:
              broken: {run: 'echo "boom: bad input" >&2; exit 4', retries: {count: 1, backoff: 50ms}, cache: false}
              after: {run: echo never, needs: [broken], cache: false}
            """));

        Assert.Equal("failed", run.Str("status"));
        Assert.Contains("step 'broken' failed", run.Str("message"), StringComparison.Ordinal);
        var broken = PipelineApi.Step(run, "broken");
        Assert.Equal("failed", broken.Str("status"));
        Assert.Equal(2, broken.Int64Value("attempts"));
        Assert.Contains("exit code 4", broken.Str("message"), StringComparison.Ordinal);
        Assert.Contains("boom: bad input", broken.Str("message"), StringComparison.Ordinal);
        Assert.Equal("skipped", PipelineApi.Status(run, "after"));
        Assert.Contains("boom: bad input", await _api.LogsAsync(run.Str("id"), "broken"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_over_its_timeout_is_killed_and_says_so()
    {
        var started = DateTime.UtcNow;
        var run = await _api.RunAsync(Spec("""
            steps:
              slow: {run: sleep 60, timeout: 1s, cache: false}
            """));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
        Assert.Equal("failed", run.Str("status"));
        Assert.Contains("timeout of 1s", PipelineApi.Step(run, "slow").Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_that_does_not_exist_fails_the_step_naming_it()
    {
        var run = await _api.RunAsync(Spec("""
            steps:
              typo: {run: no-such-command-xyz --flag, cache: false}
            """));

        var step = PipelineApi.Step(run, "typo");
        Assert.Equal("failed", step.Str("status"));
        Assert.Equal(127, step.Int64Value("exit_code"));
        Assert.Contains("no-such-command-xyz", step.Str("message"), StringComparison.Ordinal);
        Assert.Contains("not found", step.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_over_its_memory_limit_is_killed_and_says_so()
    {
        var run = await _api.RunAsync(Spec("""
            steps:
              hungry:
                run: python3 -c "b = bytearray(400 * 1024 * 1024); import time; time.sleep(30)"
                resources: {memory: 100Mi}
                cache: false
            """));

        var step = PipelineApi.Step(run, "hungry");
        Assert.Equal("failed", step.Str("status"));
        Assert.Contains("memory limit of 100 MiB", step.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_asking_for_more_than_is_free_waits_until_it_fits()
    {
        var cpus = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture);
        var launched = await _api.StartAsync(Spec($$"""
            steps:
              first: {run: sleep 1.5, resources: {cpu: {{cpus}}}, cache: false}
              second: {run: sleep 0.2, resources: {cpu: {{cpus}}}, cache: false}
            """));

        // Both are ready at once; whichever asks for the CPUs second waits, visibly, until the other is done.
        var during = await WaitForAnyWaitingAsync(launched.Str("id"), "first", "second");
        var (waiting, holding) = PipelineApi.Status(during, "second") == "waiting" ? ("second", "first") : ("first", "second");
        Assert.Equal("running", PipelineApi.Status(during, holding));
        Assert.Contains("waiting for", PipelineApi.Step(during, waiting).Str("message"), StringComparison.Ordinal);
        var run = await _api.WaitAsync(launched.Str("id"));
        Assert.Equal("succeeded", run.Str("status"));
        Assert.True(PipelineApi.Span(run, waiting).Start >= PipelineApi.Span(run, holding).End);
    }

    [Fact]
    public async Task A_step_asking_for_more_than_the_machine_has_fails_at_once()
    {
        var run = await _api.RunAsync(Spec("""
            steps:
              huge: {run: echo never, resources: {cpu: 100000}, cache: false}
            """));

        var step = PipelineApi.Step(run, "huge");
        Assert.Equal("failed", step.Str("status"));
        Assert.Contains("100000", step.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_run_kills_the_steps_whole_process_tree()
    {
        using var pids = new TempDirectory();
        var launched = await _api.StartAsync(Spec("""
            steps:
              spawn:
                run: (bash -c 'sleep 300 & echo $! > @PIDS/grandchild; wait') & echo $! > @PIDS/child; wait
                cache: false
            """).Replace("@PIDS", pids.Path, StringComparison.Ordinal));
        var grandchild = await StepProcesses.ReadPidAsync(Path.Combine(pids.Path, "grandchild"));
        var child = await StepProcesses.ReadPidAsync(Path.Combine(pids.Path, "child"));
        Assert.True(Directory.Exists($"/proc/{grandchild}"));

        var cancel = await server.Http.PostAsync($"/api/v1/pipeline-runs/{launched.Str("id")}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var run = await _api.WaitAsync(launched.Str("id"));

        Assert.Equal("canceled", run.Str("status"));
        Assert.Equal("canceled", PipelineApi.Status(run, "spawn"));
        await StepProcesses.WaitGoneAsync(child);
        await StepProcesses.WaitGoneAsync(grandchild);
    }

    [Fact]
    public async Task A_step_logs_into_its_own_nested_run_through_the_mlflow_environment_variables()
    {
        var run = await _api.RunAsync(Spec("""
            steps:
              mlflow-style:
                run: |
                  python3 - <<'PY'
                  import json, os, urllib.request
                  body = {"run_id": os.environ["MLFLOW_RUN_ID"], "key": "accuracy", "value": 0.93, "timestamp": 0, "step": 0}
                  request = urllib.request.Request(os.environ["MLFLOW_TRACKING_URI"] + "/api/2.0/mlflow/runs/log-metric",
                                                   data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
                  urllib.request.urlopen(request).read()
                  print("experiment", os.environ["MLFLOW_EXPERIMENT_ID"])
                  PY
                cache: false
            """));

        Assert.Equal("succeeded", run.Str("status"));
        var stepRunId = PipelineApi.Step(run, "mlflow-style").Str("run_id");
        var stepRun = await server.Api.GetRunAsync(stepRunId);
        Assert.Equal(0.93, stepRun.Items("data.metrics").Single(m => m.Str("key") == "accuracy").Num("value"));
        Assert.Equal(run.Str("id"), stepRun.Items("data.tags").ValueOf("mlflow.parentRunId"));
        Assert.Equal(run.Str("experiment_id"), stepRun.Str("info.experiment_id"));
        Assert.Equal("FINISHED", stepRun.Str("info.status"));
        var pipelineRun = await server.Api.GetRunAsync(run.Str("id"));
        Assert.Equal("FINISHED", pipelineRun.Str("info.status"));
        Assert.Contains("experiment " + run.Str("experiment_id"), await _api.LogsAsync(run.Str("id"), "mlflow-style"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Step_output_is_stored_as_log_artifacts_and_system_metrics_are_logged_while_it_runs()
    {
        var run = await _api.RunAsync(Spec("""
            steps:
              chatty: {run: 'echo to-stdout; echo to-stderr >&2; sleep 2.5', cache: false}
            """));

        var stepRunId = PipelineApi.Step(run, "chatty").Str("run_id");
        var logs = await _api.LogsAsync(run.Str("id"), "chatty");
        Assert.Contains("to-stdout", logs, StringComparison.Ordinal);
        Assert.Contains("to-stderr", logs, StringComparison.Ordinal);
        var artifacts = await MlflowApi.ReadOkAsync(await server.Http.GetAsync($"/api/2.0/mlflow/artifacts/list?run_id={stepRunId}&path=logs"));
        Assert.Equal(["logs/output.log", "logs/stderr.log", "logs/stdout.log"], artifacts.Items("files").Select(f => f.Str("path")).Order(StringComparer.Ordinal));
        var stepRun = await server.Api.GetRunAsync(stepRunId);
        Assert.Contains(stepRun.Items("data.metrics"), m => m.Str("key") == "system/memory_usage_megabytes");
        Assert.Contains(stepRun.Items("data.metrics"), m => m.Str("key") == "system/cpu_utilization_percentage");
    }

    [Fact]
    public async Task A_dataset_input_is_a_directory_of_its_files_and_a_path_into_it_is_that_one_file()
    {
        var dataset = Names.Unique("rows");
        await new Data.DatasetWire(server.Http).PushAsync(dataset, [Data.DatasetWire.File.Text("a.csv", "a\n1\n"), Data.DatasetWire.File.Text("sub/b.csv", "b\n2\n")]);

        var run = await _api.RunAsync(Spec($$$"""
            steps:
              read:
                run: echo "whole $(ls ${{ inputs.all }} | tr '\n' ' ')/ one $(cat ${{ inputs.one }} | tr '\n' ' ')/ lineage $SLIPWAY_INPUT_ONE"
                inputs: {all: "data:{{{dataset}}}@latest", one: "data:{{{dataset}}}@1/sub/b.csv"}
                cache: false
            """));

        Assert.Equal("succeeded", run.Str("status"));
        var logs = await _api.LogsAsync(run.Str("id"), "read");
        Assert.Contains("whole a.csv sub /", logs, StringComparison.Ordinal);
        Assert.Contains("one b 2 /", logs, StringComparison.Ordinal);
        Assert.Contains("/inputs/one/b.csv", logs, StringComparison.Ordinal);
        var lineage = await MlflowApi.ReadOkAsync(await server.Http.GetAsync($"/api/v1/datasets/{dataset}/versions/1/lineage"));
        Assert.Contains(lineage.Items("runs"), r => r.Str("run_id") == PipelineApi.Step(run, "read").Str("run_id"));
    }

    [Fact]
    public async Task A_missing_dataset_input_fails_the_step_naming_the_dataset()
    {
        var run = await _api.RunAsync(Spec("""
            steps:
              train: {run: echo never, inputs: {data: "data:no-such-dataset@3"}, cache: false}
            """));

        var step = PipelineApi.Step(run, "train");
        Assert.Equal("failed", step.Str("status"));
        Assert.Contains("no-such-dataset", step.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_that_has_ended_cannot_be_cancelled_and_an_unknown_one_is_not_found()
    {
        var run = await _api.RunAsync(Spec("""
            steps:
              quick: {run: "true", cache: false}
            """));

        var ended = await server.Http.PostAsync($"/api/v1/pipeline-runs/{run.Str("id")}/cancel", null);
        await MlflowApi.AssertError(ended, 400, "BAD_REQUEST");
        var unknown = await server.Http.GetAsync($"/api/v1/pipeline-runs/{new string('0', 32)}");
        await MlflowApi.AssertError(unknown, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    private async Task<JsonObject> WaitForAnyWaitingAsync(string runId, params string[] steps)
    {
        var deadline = DateTime.UtcNow + PipelineApi.DefaultWait;
        while (true)
        {
            var run = await _api.GetAsync(runId);
            if (steps.Any(s => PipelineApi.Status(run, s) == "waiting"))
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline && steps.All(s => PipelineApi.Status(run, s) != "succeeded"), $"no step was seen waiting: {run.ToJsonString()}");
            await Task.Delay(20);
        }
    }

    internal static string Spec(string body) => PipelineApi.Spec(Names.Unique("pipe"), body);
}
