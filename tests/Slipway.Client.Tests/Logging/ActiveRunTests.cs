using System.Text.Json;
using Slipway.Client.Logging;
using Slipway.Client.Tests.Infrastructure;
using Slipway.Core.Errors;
using Slipway.Core.Tracking;

namespace Slipway.Client.Tests.Logging;

public sealed class ActiveRunTests : IAsyncLifetime, IDisposable
{
    /// <summary>Flushes only when asked (or when a request's worth is waiting), so tests control when requests go out.</summary>
    private static readonly ActiveRunOptions ManualFlush = new() { FlushInterval = TimeSpan.FromHours(1), RetryDelay = TimeSpan.FromMilliseconds(10) };

    private readonly FakeMlflowServer _server = FakeMlflowServer.Start();
    private readonly SlipwayClient _client;

    public ActiveRunTests()
    {
        _client = new SlipwayClient(_server.BaseUri);
    }

    public Task InitializeAsync()
    {
        _server
            .Map("GET", "experiments/get-by-name", FakeResponse.Ok($$"""{"experiment":{{MlflowJson.Experiment("7", "fraud")}}}"""))
            .Map("POST", "runs/create", FakeResponse.Ok(MlflowJson.Run("run-1", "7")))
            .Map("POST", "runs/update", FakeResponse.Ok($$"""{"run_info":{{MlflowJson.RunInfo("run-1", "7", "FINISHED")}}}"""))
            .Map("POST", "runs/log-batch", FakeResponse.Ok());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _client.Dispose();

    [Fact]
    public async Task Logging_2500_metrics_sends_three_requests_of_at_most_1000_in_order()
    {
        await using var run = await StartRunAsync();
        for (var step = 0; step < 2500; step++)
        {
            run.LogMetric("loss", 1.0 / (step + 1), step);
        }

        await run.FlushAsync();

        var batches = _server.RequestsTo("runs/log-batch");
        Assert.Equal(3, batches.Count);
        Assert.All(batches, b => Assert.True(b.ArrayLength("metrics") <= 1000));
        Assert.Equal(Enumerable.Range(0, 2500), LoggedMetrics().Select(m => (int)m.Step));
    }

    [Fact]
    public async Task Logging_150_params_and_tags_sends_two_requests_of_at_most_100()
    {
        await using var run = await StartRunAsync();
        for (var i = 0; i < 100; i++)
        {
            run.LogParam($"p{i}", i);
        }

        for (var i = 0; i < 50; i++)
        {
            run.SetTag($"t{i}", $"v{i}");
        }

        await run.FlushAsync();

        var batches = _server.RequestsTo("runs/log-batch");
        Assert.Equal(2, batches.Count);
        Assert.All(batches, b => Assert.True(b.ArrayLength("params") + b.ArrayLength("tags") <= 100));
        Assert.Equal(100, batches.Sum(b => b.ArrayLength("params")));
        Assert.Equal(50, batches.Sum(b => b.ArrayLength("tags")));
    }

    [Fact]
    public async Task Dispose_flushes_everything_then_marks_the_run_finished()
    {
        var run = await StartRunAsync();
        run.LogMetrics(new Dictionary<string, double> { ["acc"] = 0.9, ["auc"] = 0.95 }, step: 1);
        run.LogParam("learning_rate", 0.01);
        run.SetTag("team", "risk");

        await run.DisposeAsync();

        Assert.Equal(["acc", "auc"], LoggedMetrics().Select(m => m.Key).Order());
        var batch = _server.RequestsTo("runs/log-batch").Single().Json;
        Assert.Equal("0.01", batch.GetProperty("params")[0].GetProperty("value").GetString());
        Assert.Equal("risk", batch.GetProperty("tags")[0].GetProperty("value").GetString());
        var update = _server.RequestsTo("runs/update").Single();
        Assert.Equal("FINISHED", update.Json.GetProperty("status").GetString());
        Assert.True(update.Json.GetProperty("end_time").GetInt64() > 0);
        Assert.True(IndexOf("runs/log-batch") < IndexOf("runs/update"), "values must reach the server before the run ends");
    }

    [Fact]
    public async Task A_run_left_open_is_flushed_and_finished_by_the_process_exit_hook()
    {
        var run = await StartRunAsync();
        run.LogMetric("loss", 0.25, step: 9);

        run.EndAtProcessExit();

        Assert.Equal(9, LoggedMetrics().Single().Step);
        Assert.Equal("FINISHED", _server.RequestsTo("runs/update").Single().Json.GetProperty("status").GetString());
        Assert.True(run.HasEnded);
    }

    [Fact]
    public async Task MarkFailed_ends_the_run_as_failed()
    {
        var run = await StartRunAsync();
        run.MarkFailed();

        run.Dispose();

        Assert.Equal("FAILED", _server.RequestsTo("runs/update").Single().Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task End_with_a_status_uses_that_status_and_later_ends_do_nothing()
    {
        var run = await StartRunAsync();

        await run.EndAsync(RunStatus.Killed);
        await run.DisposeAsync();

        Assert.Equal("KILLED", _server.RequestsTo("runs/update").Single().Json.GetProperty("status").GetString());
        Assert.Throws<ObjectDisposedException>(() => run.LogMetric("late", 1));
    }

    [Fact]
    public async Task The_background_loop_flushes_without_being_asked()
    {
        await using var run = await _client.StartRunAsync(experimentName: "fraud", options: new ActiveRunOptions { FlushInterval = TimeSpan.FromMilliseconds(50) });

        run.LogMetric("loss", 0.5);

        await WaitUntilAsync(() => _server.RequestsTo("runs/log-batch").Count == 1);
    }

    [Fact]
    public async Task A_full_request_is_sent_without_waiting_for_the_interval()
    {
        await using var run = await StartRunAsync();

        for (var i = 0; i < LogBatchLimits.MaxMetrics; i++)
        {
            run.LogMetric("loss", i, i);
        }

        await WaitUntilAsync(() => _server.RequestsTo("runs/log-batch").Count == 1);
    }

    [Fact]
    public async Task Transient_failures_are_retried_without_losing_values()
    {
        var failures = 2;
        _server.Map("POST", "runs/log-batch", _ =>
            Interlocked.Decrement(ref failures) >= 0 ? FakeResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "busy") : FakeResponse.Ok());
        await using var run = await StartRunAsync();
        run.LogMetric("loss", 0.5);

        await run.FlushAsync();

        Assert.Equal(3, _server.RequestsTo("runs/log-batch").Count);
        Assert.Single(LoggedMetrics(_server.RequestsTo("runs/log-batch").TakeLast(1)));
    }

    [Fact]
    public async Task A_persistent_outage_is_reported_on_the_next_call_and_the_values_are_sent_once_it_is_over()
    {
        var down = true;
        _server.Map("POST", "runs/log-batch", _ => Volatile.Read(ref down) ? FakeResponse.Error(503, "TEMPORARILY_UNAVAILABLE", "down") : FakeResponse.Ok());
        var run = await StartRunAsync();
        run.LogMetric("loss", 0.5, step: 1);

        var failure = await Assert.ThrowsAsync<RunLoggingException>(() => run.FlushAsync());
        Assert.True(failure.ValuesStillBuffered);
        Assert.Equal(ErrorCode.TemporarilyUnavailable, failure.Code);

        Volatile.Write(ref down, false);
        run.LogMetric("loss", 0.4, step: 2);
        await run.DisposeAsync();

        var delivered = LoggedMetrics(_server.RequestsTo("runs/log-batch").TakeLast(1));
        Assert.Equal([1L, 2L], delivered.Select(m => m.Step));
    }

    [Fact]
    public async Task A_value_the_server_rejects_is_isolated_and_reported_on_dispose()
    {
        _server.Map("POST", "runs/log-batch", request =>
            request.Body.Contains("\"bad\"", StringComparison.Ordinal)
                ? FakeResponse.Error(400, "INVALID_PARAMETER_VALUE", "Invalid metric key 'bad'")
                : FakeResponse.Ok());
        var run = await StartRunAsync();
        for (var i = 0; i < 10; i++)
        {
            run.LogMetric(i == 6 ? "bad" : "good", i, i);
        }

        var failure = await Assert.ThrowsAsync<RunLoggingException>(() => run.DisposeAsync().AsTask());

        Assert.False(failure.ValuesStillBuffered);
        Assert.Equal(1, failure.RejectedCount);
        Assert.Equal(ErrorCode.InvalidParameterValue, failure.Code);
        var accepted = _server.RequestsTo("runs/log-batch").Where(r => !r.Body.Contains("\"bad\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, LoggedMetrics(accepted).Count);
        Assert.Single(_server.RequestsTo("runs/update"));
    }

    [Fact]
    public async Task StartRun_creates_the_experiment_when_it_is_missing()
    {
        _server.Map("GET", "experiments/get-by-name", FakeResponse.NotFound("No experiment named 'new-exp'"));
        _server.Map("POST", "experiments/create", FakeResponse.Ok("""{"experiment_id":"12"}"""));

        await using var run = await _client.StartRunAsync(experimentName: "new-exp", runName: "first", tags: new Dictionary<string, string> { ["team"] = "risk" });

        Assert.Equal("new-exp", _server.RequestsTo("experiments/create").Single().Json.GetProperty("name").GetString());
        var create = _server.RequestsTo("runs/create").Single().Json;
        Assert.Equal("12", create.GetProperty("experiment_id").GetString());
        Assert.Equal("first", create.GetProperty("run_name").GetString());
        var tags = create.GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("key").GetString()!, t => t.GetProperty("value").GetString());
        Assert.Equal("risk", tags["team"]);
        Assert.True(tags.ContainsKey(SystemTags.User));
        Assert.Equal("run-1", run.RunId);
    }

    [Fact]
    public async Task StartRun_refuses_a_deleted_experiment()
    {
        _server.Map("GET", "experiments/get-by-name", FakeResponse.Ok($$"""{"experiment":{{MlflowJson.Experiment("7", "fraud", "deleted")}}}"""));

        var ex = await Assert.ThrowsAsync<SlipwayException>(() => _client.StartRunAsync(experimentName: "fraud"));

        Assert.Equal(ErrorCode.InvalidState, ex.Code);
        Assert.Empty(_server.RequestsTo("runs/create"));
    }

    [Fact]
    public async Task A_param_cannot_change_but_may_be_logged_again_with_the_same_value()
    {
        await using var run = await StartRunAsync();
        run.LogParam("depth", 4);
        run.LogParam("depth", "4");

        var ex = Assert.Throws<SlipwayException>(() => run.LogParam("depth", 5));
        await run.FlushAsync();

        Assert.Equal(ErrorCode.InvalidParameterValue, ex.Code);
        Assert.Equal(1, _server.RequestsTo("runs/log-batch").Single().ArrayLength("params"));
    }

    [Fact]
    public async Task The_last_value_of_a_tag_wins_within_one_request()
    {
        await using var run = await StartRunAsync();
        run.SetTag("phase", "train");
        run.SetTag("phase", "eval");

        await run.FlushAsync();

        var tags = _server.RequestsTo("runs/log-batch").Single().Json.GetProperty("tags");
        Assert.Equal(1, tags.GetArrayLength());
        Assert.Equal("eval", tags[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task Nothing_is_lost_when_logging_from_several_threads_while_flushing()
    {
        var run = await _client.StartRunAsync(experimentName: "fraud", options: new ActiveRunOptions { FlushInterval = TimeSpan.FromMilliseconds(5) });

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 1500; i++)
            {
                run.LogMetric($"w{worker}", i, i);
            }
        })));
        await run.DisposeAsync();

        Assert.Equal(6000, LoggedMetrics().Count);
        Assert.All(_server.RequestsTo("runs/log-batch"), b => Assert.True(b.ArrayLength("metrics") <= 1000));
    }

    private Task<ActiveRun> StartRunAsync() => _client.StartRunAsync(experimentName: "fraud", runName: "test", options: ManualFlush);

    private List<Metric> LoggedMetrics() => LoggedMetrics(_server.RequestsTo("runs/log-batch"));

    private static List<Metric> LoggedMetrics(IEnumerable<RecordedRequest> batches) =>
        batches.SelectMany(b => b.Json.TryGetProperty("metrics", out var metrics) ? metrics.EnumerateArray().ToArray() : [])
            .Select(m => new Metric(m.GetProperty("key").GetString()!, ReadValue(m.GetProperty("value")), m.GetProperty("timestamp").GetInt64(), m.GetProperty("step").GetInt64()))
            .ToList();

    private static double ReadValue(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;

    private int IndexOf(string path) => _server.Requests.ToList().FindIndex(r => r.Path == FakeMlflowServer.MlflowPrefix + path);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the condition");
            await Task.Delay(20);
        }
    }
}
