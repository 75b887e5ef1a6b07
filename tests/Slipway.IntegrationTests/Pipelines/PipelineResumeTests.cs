using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Pipelines;

/// <summary>
/// A pipeline run survives the death of its server: the real <c>slipway server</c> is killed with SIGKILL while a step
/// runs and started again on the same data directory, and the run goes on from where it was.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "xunit disposes the test class through IAsyncLifetime.DisposeAsync.")]
public sealed class PipelineResumeTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new("slipway-resume");
    private ServerProcess? _server;
    private HttpClient? _http;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await StopAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task A_run_resumes_after_a_crash_without_rerunning_finished_steps_and_retries_the_step_that_lost_its_process()
    {
        // The attempt the crash interrupts sleeps far longer than the test waits, so only a kill can have ended it.
        var (before, orphan, run) = await CrashWhileSlowRunsAsync("""
            first: {run: echo "first done", cache: false}
            slow:
              run: |
                [ "$SLIPWAY_ATTEMPT" = 1 ] && t=30 || t=4
                sleep $t & echo $! > @PIDS/slow-$SLIPWAY_ATTEMPT
                wait
              needs: [first]
              retries: {count: 1, backoff: 100ms}
              cache: false
            last: {run: echo "last done", needs: [slow], cache: false}
            """);

        Assert.Equal("succeeded", run.Str("status"));
        var first = PipelineApi.Step(run, "first");
        Assert.Equal("succeeded", first.Str("status"));
        Assert.Equal(1, first.Int64Value("attempts"));
        Assert.Single(first.Items("attempt_history"));
        Assert.Equal(PipelineApi.Step(before, "first").Str("run_id"), first.Str("run_id"));
        var slow = PipelineApi.Step(run, "slow");
        Assert.Equal("succeeded", slow.Str("status"));
        Assert.Equal(2, slow.Int64Value("attempts"));
        var attempts = slow.Items("attempt_history");
        Assert.Equal(["failed", "succeeded"], attempts.Select(a => a.Str("status")));
        Assert.Contains("process was lost when the server stopped", attempts[0].Str("message"), StringComparison.Ordinal);
        Assert.Equal(PipelineApi.Step(before, "slow").Str("run_id"), slow.Str("run_id"));
        Assert.Equal("succeeded", PipelineApi.Status(run, "last"));
        await StepProcesses.WaitGoneAsync(orphan, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_step_with_no_retries_left_that_lost_its_process_fails_and_so_does_the_run()
    {
        var (_, orphan, run) = await CrashWhileSlowRunsAsync("""
            slow:
              run: |
                sleep 30 & echo $! > @PIDS/slow-$SLIPWAY_ATTEMPT
                wait
              cache: false
            last: {run: echo "last done", needs: [slow], cache: false}
            """);

        Assert.Equal("failed", run.Str("status"));
        var slow = PipelineApi.Step(run, "slow");
        Assert.Equal("failed", slow.Str("status"));
        Assert.Contains("process was lost when the server stopped", slow.Str("message"), StringComparison.Ordinal);
        var attempt = Assert.Single(slow.Items("attempt_history"));
        Assert.Equal("failed", attempt.Str("status"));
        Assert.Contains("step 'slow' failed", run.Str("message"), StringComparison.Ordinal);
        Assert.Contains("process was lost when the server stopped", run.Str("message"), StringComparison.Ordinal);
        Assert.Equal("skipped", PipelineApi.Status(run, "last"));
        var tracking = await new MlflowApi(_http!).GetRunAsync(slow.Str("run_id"));
        Assert.Equal("FAILED", tracking.Str("info.status"));
        await StepProcesses.WaitGoneAsync(orphan, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_graceful_stop_ends_running_steps_and_the_next_start_runs_them_again_without_spending_a_retry()
    {
        var pids = _root.Combine("pids");
        Directory.CreateDirectory(pids);
        var data = _root.Combine("graceful");
        var spec = PipelineApi.Spec(Names.Unique("graceful"), $$"""
            steps:
              slow:
                run: |
                  if [ -f {{pids}}/started ]; then echo "second start"; exit 0; fi
                  touch {{pids}}/started
                  sleep 30 & echo $! > {{pids}}/sleep
                  wait
                cache: false
            """);
        string runId;
        int sleeper;
        await using (var first = await Slipway.Server.Hosting.SlipwayServer.StartAsync(new() { Host = "127.0.0.1", Port = 0, DataDirectory = data }))
        {
            using var http = new HttpClient { BaseAddress = new Uri(first.Addresses[0] + "/") };
            var api = new PipelineApi(http);
            runId = (await api.StartAsync(spec)).Str("id");
            await api.WaitForStepAsync(runId, "slow", "running");
            sleeper = await StepProcesses.ReadPidAsync(Path.Combine(pids, "sleep"));
        }

        await StepProcesses.WaitGoneAsync(sleeper, TimeSpan.FromSeconds(10));
        await using var second = await Slipway.Server.Hosting.SlipwayServer.StartAsync(new() { Host = "127.0.0.1", Port = 0, DataDirectory = data });
        using var client = new HttpClient { BaseAddress = new Uri(second.Addresses[0] + "/") };
        var run = await new PipelineApi(client).WaitAsync(runId);

        Assert.Equal("succeeded", run.Str("status"));
        var slow = PipelineApi.Step(run, "slow");
        Assert.Equal(1, slow.Int64Value("attempts"));
        Assert.Equal("succeeded", Assert.Single(slow.Items("attempt_history")).Str("status"));
        Assert.Contains("second start", await new PipelineApi(client).LogsAsync(runId, "slow"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Starts a server, launches the steps, waits until <c>slow</c> runs (and has written the pid of its sleep), kills
    /// the server alone, starts it again on the same data directory and waits for the run to end. Returns the run as it
    /// was just before the crash, the pid of the sleep the crash orphaned, and the run at its end.
    /// </summary>
    private async Task<(JsonObject Before, int Orphan, JsonObject After)> CrashWhileSlowRunsAsync(string steps)
    {
        var pids = _root.Combine("pids");
        Directory.CreateDirectory(pids);
        var spec = PipelineApi.Spec(Names.Unique("resume"), "steps:\n" + Indent(steps.Replace("@PIDS", pids, StringComparison.Ordinal)));
        var data = _root.Combine("data");
        var api = await StartAsync(data);
        var runId = (await api.StartAsync(spec)).Str("id");
        await api.WaitForStepAsync(runId, "slow", "running");
        var orphan = await StepProcesses.ReadPidAsync(Path.Combine(pids, "slow-1"));
        var before = await api.GetAsync(runId);
        Assert.Equal("running", PipelineApi.Status(before, "slow"));
        _server!.Crash();
        await StopAsync();

        Assert.True(StepProcesses.IsAlive(orphan), "the step's sleep should outlive the crashed server");
        var after = await (await StartAsync(data)).WaitAsync(runId);
        return (before, orphan, after);
    }

    private async Task<PipelineApi> StartAsync(string data)
    {
        _server = await ServerProcess.StartAsync(data);
        _http = new HttpClient { BaseAddress = new Uri(_server.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(60) };
        return new PipelineApi(_http);
    }

    private async Task StopAsync()
    {
        _http?.Dispose();
        _http = null;
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? line : "  " + line));
}
