using Microsoft.Data.Sqlite;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Tests.Sqlite;

/// <summary>
/// SQLite appends metric history to a staging table and moves it into the sorted table in slices; reads must
/// see one history whichever table a value is in, and closing the store moves what is left.
/// </summary>
public sealed class SqliteMetricStagingTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("slipway-staging-tests-");

    private string DatabasePath => Path.Combine(_directory.FullName, "store.db");

    private string StoreUri => $"sqlite:///{DatabasePath}";

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task History_reads_the_same_before_and_after_staged_values_move()
    {
        const int steps = 70;
        const int keys = 1000;
        string runId;
        await using (var store = await MetadataStoreFactory.OpenAsync(StoreUri, new StoreOptions { SqliteSynchronous = SqliteSynchronousMode.Normal }))
        {
            var experimentId = await store.CreateExperimentAsync(Workspaces.Default, "staging", null, []);
            runId = (await store.CreateRunAsync(Workspaces.Default, new NewRun(experimentId, "u", null, 1, []))).Info.RunId;

            // 70,000 values: more than one move slice, so some have moved while later ones are still staged.
            for (var step = 0; step < steps; step++)
            {
                await store.LogBatchAsync(Workspaces.Default, runId, [.. Enumerable.Range(0, keys).Select(k => new Metric($"k{k}", step, step, step))], [], []);
            }

            // Logged again: the same values must not show twice, wherever the first copy is.
            await store.LogBatchAsync(Workspaces.Default, runId, [new Metric("k7", 0, 0, 0), new Metric("k7", steps - 1, steps - 1, steps - 1)], [], []);

            await AssertHistoryAsync(store, runId, steps);
        }

        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM metrics_staging"));
        Assert.Equal((long)steps * keys, await CountAsync("SELECT COUNT(*) FROM metrics"));

        await using var reopened = await MetadataStoreFactory.OpenAsync(StoreUri, new StoreOptions());
        await AssertHistoryAsync(reopened, runId, steps);
    }

    private static async Task AssertHistoryAsync(IMetadataStore store, string runId, int steps)
    {
        var history = await store.GetMetricHistoryAsync(Workspaces.Default, runId, "k7", 1000, null);
        Assert.Equal(Enumerable.Range(0, steps).Select(s => (long)s), history.Items.Select(m => m.Step));
        var sampled = await store.GetMetricHistoryBulkIntervalAsync(Workspaces.Default, [runId], "k999", null, null, 10);
        Assert.Equal(10, sampled.Count);
        Assert.Equal(steps - 1, sampled[^1].Metric.Step);
        Assert.Equal(new Metric("k7", steps - 1, steps - 1, steps - 1), (await store.GetRunAsync(Workspaces.Default, runId)).Metrics.Single(m => m.Key == "k7"));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
