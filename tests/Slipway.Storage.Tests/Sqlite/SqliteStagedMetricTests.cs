using Slipway.Core.Stores;
using Slipway.Core.Tracking;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Tests.Sqlite;

/// <summary>
/// On SQLite a log call stages its whole batch as one row of metric_batches; the writer sorts a run's staged rows
/// into per-key chunks later. History must read the same before, during and after that, and across a restart.
/// </summary>
public sealed class SqliteStagedMetricTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Staged_batches_are_read_before_they_are_sorted_and_sorted_once_the_store_reopens()
    {
        var uri = await fixture.CreateDatabaseAsync();
        string runId;
        var store = await MetadataStoreFactory.OpenAsync(uri, new StoreOptions());
        try
        {
            runId = await NewRunAsync(store);

            // Five calls of two keys (fewer than a sort needs), one repeating an earlier value and one logging NaN.
            for (var call = 0; call < 5; call++)
            {
                await store.LogBatchAsync(Workspaces.Default, runId, [new Metric("loss", 1.0 / (call + 1), call, call), new Metric("acc", call == 2 ? double.NaN : call / 10.0, call, call)], [], []);
            }

            await store.LogBatchAsync(Workspaces.Default, runId, [new Metric("loss", 1.0, 0, 0)], [], []);
            Assert.Equal(6, await fixture.QueryInt64Async(uri, "SELECT COUNT(*) FROM metric_batches"));
            Assert.Equal(0, await fixture.QueryInt64Async(uri, "SELECT COUNT(*) FROM metric_chunks"));
            await AssertHistoryAsync(store, runId);
        }
        finally
        {
            await store.DisposeAsync();
        }

        await using var reopened = await MetadataStoreFactory.OpenAsync(uri, new StoreOptions());
        await WaitUntilAsync(async () => await fixture.QueryInt64Async(uri, "SELECT COUNT(*) FROM metric_batches") == 0);
        Assert.Equal(2, await fixture.QueryInt64Async(uri, "SELECT COUNT(*) FROM metric_chunks"));
        await AssertHistoryAsync(reopened, runId);
    }

    [Fact]
    public async Task A_run_that_keeps_logging_has_its_batches_sorted_into_chunks_while_it_logs()
    {
        var uri = await fixture.CreateDatabaseAsync();
        await using var store = await MetadataStoreFactory.OpenAsync(uri, new StoreOptions());
        var runId = await NewRunAsync(store);

        // 3 keys x 10 steps per call; 100 calls.
        const int calls = 100;
        for (var call = 0; call < calls; call++)
        {
            await store.LogBatchAsync(Workspaces.Default, runId, [.. Enumerable.Range(0, 30).Select(i => new Metric($"k{i % 3}", call + (i / 3 / 10.0), call, (call * 10) + (i / 3)))], [], []);
        }

        await WaitUntilAsync(async () => await fixture.QueryInt64Async(uri, "SELECT COUNT(*) FROM metric_batches") < MetricChunkCompaction.StagedBatchesMergeAt);
        Assert.True(await fixture.QueryInt64Async(uri, "SELECT COUNT(*) FROM metric_chunks") > 0);
        foreach (var key in new[] { "k0", "k1", "k2" })
        {
            var history = (await store.GetMetricHistoryAsync(Workspaces.Default, runId, key, 0, null)).Items;
            Assert.Equal(Enumerable.Range(0, calls * 10).Select(s => (long)s), history.Select(m => m.Step));
            Assert.Equal(calls - 1 + 0.9, history[^1].Value);
        }

        var bulk = await store.GetMetricHistoryBulkIntervalAsync(Workspaces.Default, [runId], "k1", 100, 199, 1000);
        Assert.Equal(Enumerable.Range(100, 100).Select(s => (long)s), bulk.Select(m => m.Metric.Step));
    }

    private static async Task AssertHistoryAsync(IMetadataStore store, string runId)
    {
        var loss = (await store.GetMetricHistoryAsync(Workspaces.Default, runId, "loss", 0, null)).Items;
        Assert.Equal([new Metric("loss", 1.0, 0, 0), new Metric("loss", 0.5, 1, 1), new Metric("loss", 1.0 / 3, 2, 2), new Metric("loss", 0.25, 3, 3), new Metric("loss", 0.2, 4, 4)], loss);
        var acc = (await store.GetMetricHistoryAsync(Workspaces.Default, runId, "acc", 2, null));
        Assert.Equal([0L, 1L], acc.Items.Select(m => m.Step));
        var rest = (await store.GetMetricHistoryAsync(Workspaces.Default, runId, "acc", 10, acc.NextPageToken)).Items;
        Assert.True(double.IsNaN(rest[0].Value));
        Assert.Equal([2L, 3L, 4L], rest.Select(m => m.Step));
        Assert.Empty((await store.GetMetricHistoryAsync(Workspaces.Default, runId, "los", 0, null)).Items);
        Assert.Equal(0.4, (await store.GetRunAsync(Workspaces.Default, runId)).Metrics.Single(m => m.Key == "acc").Value);
    }

    private static async Task<string> NewRunAsync(IMetadataStore store)
    {
        var experimentId = await store.CreateExperimentAsync(Workspaces.Default, $"staged-{Guid.NewGuid():N}", null, []);
        return (await store.CreateRunAsync(Workspaces.Default, new NewRun(experimentId, "u", null, 1, []))).Info.RunId;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The writer did not sort the staged batches in time.");
            await Task.Delay(20);
        }
    }
}
