using Slipway.Core.Errors;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task Latest_metric_is_the_value_with_the_greatest_step_then_timestamp_then_value()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();
        var id = run.Info.RunId;

        await LogMetricsAsync(workspace, id, new Metric("m", 5, 100, 2), new Metric("m", 9, 900, 1));
        Assert.Equal(new Metric("m", 5, 100, 2), Assert.Single((await Store.GetRunAsync(workspace, id)).Metrics));

        // An older step never replaces a newer one, whatever its timestamp.
        await LogMetricsAsync(workspace, id, new Metric("m", 7, 5000, 1));
        Assert.Equal(new Metric("m", 5, 100, 2), Assert.Single((await Store.GetRunAsync(workspace, id)).Metrics));

        // Same step: the later timestamp wins; same step and timestamp: the greater value wins.
        await LogMetricsAsync(workspace, id, new Metric("m", 3, 200, 2));
        await LogMetricsAsync(workspace, id, new Metric("m", 4, 200, 2), new Metric("m", 1, 200, 2));
        Assert.Equal(new Metric("m", 4, 200, 2), Assert.Single((await Store.GetRunAsync(workspace, id)).Metrics));
    }

    [Fact]
    public async Task NaN_and_infinities_round_trip_through_latest_metrics_and_history()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();
        var id = run.Info.RunId;

        await LogMetricsAsync(
            workspace,
            id,
            new Metric("nan", double.NaN, 1, 0),
            new Metric("pos", double.PositiveInfinity, 1, 0),
            new Metric("neg", double.NegativeInfinity, 1, 0),
            new Metric("zero", 0, 1, 0));

        var latest = (await Store.GetRunAsync(workspace, id)).Metrics.ToDictionary(m => m.Key, m => m.Value);
        Assert.True(double.IsNaN(latest["nan"]));
        Assert.Equal(double.PositiveInfinity, latest["pos"]);
        Assert.Equal(double.NegativeInfinity, latest["neg"]);
        Assert.Equal(0, latest["zero"]);
        Assert.True(double.IsNaN(Assert.Single((await Store.GetMetricHistoryAsync(workspace, id, "nan", 10, null)).Items).Value));
        Assert.Equal(double.NegativeInfinity, Assert.Single((await Store.GetMetricHistoryAsync(workspace, id, "neg", 10, null)).Items).Value);
    }

    [Fact]
    public async Task Latest_metric_prefers_a_number_over_NaN_at_the_same_step_and_timestamp()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();
        var id = run.Info.RunId;

        await LogMetricsAsync(workspace, id, new Metric("a", double.NaN, 1, 0));
        await LogMetricsAsync(workspace, id, new Metric("a", -5, 1, 0));
        await LogMetricsAsync(workspace, id, new Metric("b", -5, 1, 0), new Metric("b", double.NaN, 1, 0));
        await LogMetricsAsync(workspace, id, new Metric("c", 1, 1, 0));
        await LogMetricsAsync(workspace, id, new Metric("c", double.NaN, 1, 1));

        var latest = (await Store.GetRunAsync(workspace, id)).Metrics.ToDictionary(m => m.Key, m => m.Value);
        Assert.Equal(-5, latest["a"]);
        Assert.Equal(-5, latest["b"]);
        Assert.True(double.IsNaN(latest["c"]));
    }

    [Fact]
    public async Task GetMetricHistory_returns_every_value_ordered_by_step_then_timestamp()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();
        var id = run.Info.RunId;
        await LogMetricsAsync(workspace, id, new Metric("m", 3, 30, 2), new Metric("m", 1, 10, 0), new Metric("m", 2, 25, 1), new Metric("m", 4, 20, 1), new Metric("other", 0, 0, 0));

        var history = await Store.GetMetricHistoryAsync(workspace, id, "m", 100, null);

        Assert.Equal([new Metric("m", 1, 10, 0), new Metric("m", 4, 20, 1), new Metric("m", 2, 25, 1), new Metric("m", 3, 30, 2)], history.Items);
        Assert.Null(history.NextPageToken);
        Assert.Empty((await Store.GetMetricHistoryAsync(workspace, id, "never-logged", 100, null)).Items);
    }

    [Fact]
    public async Task Logging_an_identical_metric_value_twice_keeps_one_history_entry()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();
        await LogMetricsAsync(workspace, run.Info.RunId, new Metric("m", 1, 10, 0), new Metric("m", 1, 10, 0));
        await LogMetricsAsync(workspace, run.Info.RunId, new Metric("m", 1, 10, 0));

        Assert.Single((await Store.GetMetricHistoryAsync(workspace, run.Info.RunId, "m", 100, null)).Items);
    }

    [Fact]
    public async Task GetMetricHistory_pages_through_the_history_with_tokens()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();
        var id = run.Info.RunId;
        await Store.LogBatchAsync(workspace, id, [.. Enumerable.Range(0, 25).Select(i => new Metric("m", i * 10, 1000 + i, i))], [], []);

        var steps = new List<long>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.GetMetricHistoryAsync(workspace, id, "m", 10, token);
            steps.AddRange(page.Items.Select(m => m.Step));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), steps);
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.GetMetricHistoryAsync(workspace, id, "m", 10, "not-a-token"));
    }

    [Fact]
    public async Task Exactly_full_history_page_has_no_next_token()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();
        await Store.LogBatchAsync(workspace, run.Info.RunId, [.. Enumerable.Range(0, 10).Select(i => new Metric("m", i, 1, i))], [], []);

        var page = await Store.GetMetricHistoryAsync(workspace, run.Info.RunId, "m", 10, null);

        Assert.Equal(10, page.Items.Count);
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public async Task BulkInterval_returns_every_step_when_there_are_few()
    {
        var (workspace, experimentId, run) = await NewWorkspaceWithRunAsync();
        var other = await NewRunAsync(workspace, experimentId);
        await LogMetricsAsync(workspace, run.Info.RunId, new Metric("m", 1, 1, 0), new Metric("m", 2, 2, 5));
        await LogMetricsAsync(workspace, other.Info.RunId, new Metric("m", 3, 3, 2));

        var values = await Store.GetMetricHistoryBulkIntervalAsync(workspace, [other.Info.RunId, run.Info.RunId], "m", null, null, 100);

        Assert.Equal(
            [(other.Info.RunId, 2L), (run.Info.RunId, 0L), (run.Info.RunId, 5L)],
            values.Select(v => (v.RunId, v.Metric.Step)));
    }

    [Fact]
    public async Task BulkInterval_samples_at_most_max_results_steps_per_run_including_the_first_and_last()
    {
        var (workspace, experimentId, run) = await NewWorkspaceWithRunAsync();
        var shorter = await NewRunAsync(workspace, experimentId);
        await Store.LogBatchAsync(workspace, run.Info.RunId, [.. Enumerable.Range(0, 1000).Select(i => new Metric("m", i, i, i))], [], []);
        await Store.LogBatchAsync(workspace, shorter.Info.RunId, [.. Enumerable.Range(0, 333).Select(i => new Metric("m", i, i, i))], [], []);

        var values = await Store.GetMetricHistoryBulkIntervalAsync(workspace, [run.Info.RunId, shorter.Info.RunId], "m", null, null, 10);

        var longSteps = values.Where(v => v.RunId == run.Info.RunId).Select(v => v.Metric.Step).ToList();
        var shortSteps = values.Where(v => v.RunId == shorter.Info.RunId).Select(v => v.Metric.Step).ToList();
        Assert.InRange(longSteps.Count, 2, 10);
        Assert.Equal(0, longSteps[0]);
        Assert.Equal(999, longSteps[^1]);
        Assert.Equal(longSteps.Order(), longSteps);
        Assert.InRange(shortSteps.Count, 2, 10);
        Assert.Equal(0, shortSteps[0]);
        Assert.Equal(332, shortSteps[^1]);
        Assert.True(values.Select(v => v.RunId).SequenceEqual(values.Select(v => v.RunId).OrderBy(r => r == run.Info.RunId ? 0 : 1)));
    }

    [Fact]
    public async Task BulkInterval_keeps_to_the_step_range()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();
        await Store.LogBatchAsync(workspace, run.Info.RunId, [.. Enumerable.Range(0, 100).Select(i => new Metric("m", i, i, i))], [], []);

        var values = await Store.GetMetricHistoryBulkIntervalAsync(workspace, [run.Info.RunId], "m", 20, 60, 5);

        var steps = values.Select(v => v.Metric.Step).ToList();
        Assert.InRange(steps.Count, 2, 5);
        Assert.Equal(20, steps[0]);
        Assert.Equal(60, steps[^1]);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetMetricHistoryBulkIntervalAsync(NewWorkspace(), [run.Info.RunId], "m", null, null, 5));
    }

    [Fact]
    public async Task Many_single_value_logs_are_merged_into_few_chunks_and_read_the_same()
    {
        var uri = await Fixture.CreateDatabaseAsync();
        await using var store = await MetadataStoreFactory.OpenAsync(uri, Fixture.Options);
        var experimentId = await store.CreateExperimentAsync(Workspaces.Default, "chunks", null, []);
        var runId = (await store.CreateRunAsync(Workspaces.Default, new NewRun(experimentId, "u", null, 1, []))).Info.RunId;

        // 200 values one call at a time, steps out of order, with repeats of one value and a NaN among them.
        var steps = Enumerable.Range(0, 200).Select(i => (long)((i * 37) % 200)).ToList();
        foreach (var step in steps)
        {
            await store.LogBatchAsync(Workspaces.Default, runId, [new Metric("loss", step == 13 ? double.NaN : 1.0 / (step + 1), step * 10, step)], [], []);
        }

        await store.LogBatchAsync(Workspaces.Default, runId, [new Metric("loss", 1.0 / 8, 70, 7), new Metric("loss", double.NaN, 130, 13)], [], []);

        var history = (await store.GetMetricHistoryAsync(Workspaces.Default, runId, "loss", 1000, null)).Items;
        Assert.Equal(Enumerable.Range(0, 200).Select(s => (long)s), history.Select(m => m.Step));
        Assert.True(double.IsNaN(history[13].Value));
        Assert.Equal(1.0 / 8, history[7].Value);
        var chunks = await Fixture.QueryInt64Async(uri, "SELECT COUNT(*) FROM metric_chunks");
        Assert.InRange(chunks, 1, 2 * 32);

        var page = await store.GetMetricHistoryAsync(Workspaces.Default, runId, "loss", 150, null);
        var rest = await store.GetMetricHistoryAsync(Workspaces.Default, runId, "loss", 150, page.NextPageToken);
        Assert.Equal(history, [.. page.Items, .. rest.Items]);
        Assert.Null(rest.NextPageToken);
    }

    [Fact]
    public async Task Large_batches_keep_every_value_of_every_key()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();
        for (var call = 0; call < 40; call++)
        {
            // 50 keys x 20 steps per call: 40 calls leave 40 chunks per key, which merge along the way.
            await Store.LogBatchAsync(workspace, run.Info.RunId, [.. Enumerable.Range(0, 1000).Select(i => new Metric($"k{i % 50}", call + (i / 50 / 100.0), 1000 + call, (call * 20) + (i / 50)))], [], []);
        }

        var history = (await Store.GetMetricHistoryAsync(workspace, run.Info.RunId, "k49", 0, null)).Items;
        Assert.Equal(Enumerable.Range(0, 800).Select(s => (long)s), history.Select(m => m.Step));
        Assert.Equal(39 + (19 / 100.0), history[^1].Value);
        Assert.Equal(new Metric("k0", 39 + (19 / 100.0), 1039, 799), (await Store.GetRunAsync(workspace, run.Info.RunId)).Metrics.Single(m => m.Key == "k0"));
    }
}
