using Slipway.Client.Logging;
using Slipway.Core.Errors;
using Slipway.Core.Tracking;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Sdk;

public sealed class SqliteActiveRunTests(SlipwayServerFixture server) : ActiveRunTests<SlipwayServerFixture>(server);

[Trait("Category", "Postgres")]
public sealed class PostgresActiveRunTests(PostgresServerFixture server) : ActiveRunTests<PostgresServerFixture>(server);

/// <summary>The training flow: <c>StartRunAsync</c>, buffered logging, and dispose ending the run on the server.</summary>
public abstract class ActiveRunTests<TServer>(TServer server) : SdkTests<TServer>(server)
    where TServer : SlipwayServerFixture
{
    private const int Steps = 2_500;

    [Fact]
    public async Task StartRun_dispose_flushes_every_value_and_finishes_the_run()
    {
        var experimentName = Names.Unique("sdk-training");
        string runId;
        long startTime;
        await using (var run = await Client.StartRunAsync(experimentName: experimentName, runName: "baseline"))
        {
            runId = run.RunId;
            startTime = run.Info.StartTime;
            Assert.Equal(RunStatus.Running, run.Info.Status);
            run.LogParam("learning_rate", 0.01);
            run.LogParam("epochs", Steps);
            run.SetTag("team", "risk");
            for (var step = 0; step < Steps; step++)
            {
                run.LogMetric("loss", Loss(step), step);
            }

            run.LogMetrics(new Dictionary<string, double> { ["accuracy"] = 0.93, ["auc"] = 0.97 }, step: Steps - 1);
        }

        var stored = await Client.GetRunAsync(runId);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.NotNull(stored.Info.EndTime);
        Assert.InRange(stored.Info.EndTime.Value, startTime, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal("baseline", stored.Info.RunName);
        Assert.Equal((await Client.GetExperimentByNameAsync(experimentName))!.ExperimentId, stored.Info.ExperimentId);

        var history = await Client.GetFullMetricHistoryAsync(runId, "loss").ToListAsync();
        Assert.Equal(Steps, history.Count);
        Assert.Equal(
            Enumerable.Range(0, Steps).Select(step => (Step: (long)step, Value: Loss(step))),
            history.OrderBy(m => m.Step).Select(m => (m.Step, m.Value)));

        Assert.Equal(Loss(Steps - 1), LatestValue(stored, "loss"));
        Assert.Equal(0.93, LatestValue(stored, "accuracy"));
        Assert.Equal(0.97, LatestValue(stored, "auc"));
        Assert.Contains(new Param("learning_rate", "0.01"), stored.Params);
        Assert.Contains(new Param("epochs", "2500"), stored.Params);
        Assert.Contains(new Tag("team", "risk"), stored.Tags);
        Assert.Contains(new Tag(SystemTags.User, Environment.UserName), stored.Tags);
        Assert.Contains(stored.Tags, t => t.Key == "mlflow.source.type" && t.Value == "LOCAL");
    }

    [Fact]
    public async Task MarkFailed_then_dispose_ends_the_run_as_failed_with_its_values_stored()
    {
        string runId;
        await using (var run = await Client.StartRunAsync(experimentName: Names.Unique("sdk-failing")))
        {
            runId = run.RunId;
            run.LogMetric("loss", 1.5, step: 0);
            run.MarkFailed();
        }

        var stored = await Client.GetRunAsync(runId);
        Assert.Equal(RunStatus.Failed, stored.Info.Status);
        Assert.NotNull(stored.Info.EndTime);
        Assert.Equal(1.5, LatestValue(stored, "loss"));
    }

    [Fact]
    public async Task EndAsync_with_a_status_ends_the_run_with_it_and_dispose_afterwards_does_nothing()
    {
        await using var run = await Client.StartRunAsync(experimentName: Names.Unique("sdk-killed"));

        await run.EndAsync(RunStatus.Killed);
        await run.DisposeAsync();

        Assert.True(run.HasEnded);
        Assert.Throws<ObjectDisposedException>(() => run.LogMetric("loss", 1));
        Assert.Equal(RunStatus.Killed, (await Client.GetRunAsync(run.RunId)).Info.Status);
    }

    [Fact]
    public async Task StartRun_twice_with_one_experiment_name_reuses_the_experiment()
    {
        var experimentName = Names.Unique("sdk-reuse");

        await using var first = await Client.StartRunAsync(experimentName: experimentName, runName: "first");
        await using var second = await Client.StartRunAsync(experimentName: experimentName, runName: "second");

        Assert.Equal(first.ExperimentId, second.ExperimentId);
        Assert.NotEqual(first.RunId, second.RunId);
        var runs = await Client.SearchAllRunsAsync([first.ExperimentId]).ToListAsync();
        Assert.Equal(["first", "second"], runs.Select(r => r.Info.RunName).Order(StringComparer.Ordinal));
        var matching = await Client.SearchAllExperimentsAsync(filter: $"name = '{experimentName}'").ToListAsync();
        Assert.Single(matching);
    }

    [Fact]
    public async Task StartRun_racing_on_a_new_experiment_name_puts_every_run_in_one_experiment()
    {
        var experimentName = Names.Unique("sdk-race");

        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Client.StartRunAsync(experimentName: experimentName, runName: $"racer-{i}")));
        foreach (var run in runs)
        {
            await run.DisposeAsync();
        }

        Assert.Single(runs.Select(r => r.ExperimentId).Distinct());
        Assert.Equal(8, await Client.SearchAllRunsAsync([runs[0].ExperimentId]).CountAsync());
    }

    [Fact]
    public async Task StartRun_keeps_caller_tags_over_the_default_system_tags_and_accepts_an_experiment_id()
    {
        var experimentId = await Client.CreateExperimentAsync(Names.Unique("sdk-tags"));

        await using var run = await Client.StartRunAsync(
            experimentId: experimentId,
            tags: new Dictionary<string, string> { [SystemTags.User] = "ci-bot", ["git.sha"] = "abc123" });

        var tags = (await Client.GetRunAsync(run.RunId)).Tags;
        Assert.Equal(experimentId, run.ExperimentId);
        Assert.Contains(new Tag(SystemTags.User, "ci-bot"), tags);
        Assert.Contains(new Tag("git.sha", "abc123"), tags);
        Assert.False(string.IsNullOrEmpty(run.Info.RunName));
    }

    [Fact]
    public async Task StartRun_into_a_deleted_experiment_name_fails_with_INVALID_STATE()
    {
        var experimentName = Names.Unique("sdk-deleted");
        var experimentId = await Client.CreateExperimentAsync(experimentName);
        await Client.DeleteExperimentAsync(experimentId);

        var error = await Assert.ThrowsAsync<SlipwayException>(() => Client.StartRunAsync(experimentName: experimentName));

        Assert.Equal(ErrorCode.InvalidState, error.Code);
        Assert.Contains(experimentName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Four_tasks_logging_into_one_run_lose_no_value()
    {
        const int Tasks = 4;
        string runId;
        await using (var run = await Client.StartRunAsync(experimentName: Names.Unique("sdk-concurrent")))
        {
            runId = run.RunId;
            var loggers = Enumerable.Range(0, Tasks).Select(task => Task.Run(async () =>
            {
                for (var i = 0; i < Steps; i++)
                {
                    var step = (task * Steps) + i;
                    run.LogMetric("loss", Loss(step), step);
                    run.LogMetric($"task_{task}", i, i);
                    if (i % 100 == 0)
                    {
                        run.LogParam($"task_{task}_checkpoint_{i}", i);
                        run.SetTag($"task_{task}_progress", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    if (i % 500 == 0)
                    {
                        // An explicit flush racing the background loop and the other tasks.
                        await run.FlushAsync();
                    }
                }
            }));
            await Task.WhenAll(loggers);
        }

        var history = await Client.GetFullMetricHistoryAsync(runId, "loss").ToListAsync();
        Assert.Equal(Tasks * Steps, history.Count);
        Assert.Equal(Enumerable.Range(0, Tasks * Steps).Select(step => (long)step), history.Select(m => m.Step).Order());
        var stored = await Client.GetRunAsync(runId);
        for (var task = 0; task < Tasks; task++)
        {
            Assert.Equal(Steps, await Client.GetFullMetricHistoryAsync(runId, $"task_{task}").CountAsync());
            Assert.Equal(Steps - 1, LatestValue(stored, $"task_{task}"));
            Assert.Contains(new Tag($"task_{task}_progress", "2400"), stored.Tags);
        }

        Assert.Equal(Tasks * Steps / 100, stored.Params.Count);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
    }

    [Fact]
    public async Task Dispose_without_await_flushes_and_finishes_the_run()
    {
        string runId;
        using (var run = await Client.StartRunAsync(experimentName: Names.Unique("sdk-sync")))
        {
            runId = run.RunId;
            run.LogMetric("loss", 0.25, step: 7);
        }

        var stored = await Client.GetRunAsync(runId);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.Equal([(7L, 0.25)], stored.Metrics.Select(m => (m.Step, m.Value)));
    }

    [Fact]
    public async Task NaN_and_infinite_metric_values_round_trip()
    {
        string runId;
        await using (var run = await Client.StartRunAsync(experimentName: Names.Unique("sdk-nan")))
        {
            runId = run.RunId;
            run.LogMetric("loss", double.NaN, step: 0);
            run.LogMetric("loss", double.PositiveInfinity, step: 1);
            run.LogMetric("loss", double.NegativeInfinity, step: 2);
            run.LogMetric("loss", 0.5, step: 3);
        }

        var history = await Client.GetFullMetricHistoryAsync(runId, "loss").ToListAsync();

        Assert.Equal(
            [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.5],
            history.OrderBy(m => m.Step).Select(m => m.Value));
    }

    [Fact]
    public async Task A_value_the_server_rejects_is_reported_at_dispose_and_its_neighbours_are_stored()
    {
        var run = await Client.StartRunAsync(experimentName: Names.Unique("sdk-reject"));
        for (var step = 0; step < 500; step++)
        {
            run.LogMetric("loss", Loss(step), step);
        }

        run.LogMetric("bad key!", 1);
        run.LogParam("optimizer", "adam");

        var error = await Assert.ThrowsAsync<RunLoggingException>(async () => await run.DisposeAsync());

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.False(error.ValuesStillBuffered);
        Assert.Equal(1, error.RejectedCount);
        Assert.Contains("bad key!", error.Message, StringComparison.Ordinal);
        var stored = await Client.GetRunAsync(run.RunId);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.Equal(500, await Client.GetFullMetricHistoryAsync(run.RunId, "loss").CountAsync());
        Assert.Equal([new Param("optimizer", "adam")], stored.Params);
    }

    [Fact]
    public async Task LogParam_with_a_new_value_for_a_logged_key_throws_at_once()
    {
        await using var run = await Client.StartRunAsync(experimentName: Names.Unique("sdk-param"));
        run.LogParam("lr", 0.1);
        run.LogParam("lr", 0.1);

        var error = Assert.Throws<SlipwayException>(() => run.LogParam("lr", 0.2));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        await run.FlushAsync();
        Assert.Equal([new Param("lr", "0.1")], (await Client.GetRunAsync(run.RunId)).Params);
    }

    private static double Loss(int step) => 1.0 / (1 + step);

    private static double LatestValue(Run run, string key) => Assert.Single(run.Metrics, m => m.Key == key).Value;
}
