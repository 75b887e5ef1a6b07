using Slipway.Core.Stores;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Tests.Sqlite;

/// <summary>
/// Schema 3 kept one row per metric value, new values first in metrics_staging; opening such a database
/// converts both tables into metric chunks, each logged value once, and drops them.
/// </summary>
public sealed class SqliteMetricChunkUpgradeTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private const string RunId = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task Opening_a_schema_3_database_converts_history_rows_and_staged_rows_into_chunks()
    {
        var uri = await fixture.CreateDatabaseAtSchemaVersionAsync(3);
        var rows = string.Join(", ", Enumerable.Range(0, 5000).Select(step => $"(1, 'loss', {step}, {step}, {1.0 / (step + 1)}, 0)"));
        await fixture.ExecuteSqlAsync(
            uri,
            $"""
            INSERT INTO experiments (experiment_id, workspace_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
            VALUES (7, 'default', 'old', 'mlflow-artifacts:/7', 'active', 1, 1);
            INSERT INTO runs (run_key, run_id, experiment_id, name, user_id, status, start_time, artifact_uri, lifecycle_stage)
            VALUES (1, '{RunId}', 7, 'old-run', 'u', 'RUNNING', 1, 'mlflow-artifacts:/7/{RunId}/artifacts', 'active');
            INSERT INTO metrics (run_key, key, step, timestamp, value, is_nan) VALUES {rows};
            INSERT INTO metrics (run_key, key, step, timestamp, value, is_nan) VALUES (1, 'acc', 0, 0, 0, 1), (1, 'acc', 1, 1, 0.5, 0);
            INSERT INTO metrics_staging (run_key, key, step, timestamp, value, is_nan) VALUES (1, 'acc', 1, 1, 0.5, 0), (1, 'acc', 2, 2, 0.75, 0);
            """);

        await using var store = await MetadataStoreFactory.OpenAsync(uri, new StoreOptions());

        var loss = (await store.GetMetricHistoryAsync(Workspaces.Default, RunId, "loss", 0, null)).Items;
        Assert.Equal(Enumerable.Range(0, 5000).Select(s => (long)s), loss.Select(m => m.Step));
        Assert.Equal(1.0 / 5000, loss[^1].Value);
        var acc = (await store.GetMetricHistoryAsync(Workspaces.Default, RunId, "acc", 0, null)).Items;
        Assert.Equal([0L, 1L, 2L], acc.Select(m => m.Step));
        Assert.True(double.IsNaN(acc[0].Value));
        Assert.Equal(0, await fixture.QueryInt64Async(uri, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('metrics', 'metrics_staging')"));
        Assert.Equal(3, await fixture.QueryInt64Async(uri, "SELECT COUNT(*) FROM metric_chunks"));

        await store.LogBatchAsync(Workspaces.Default, RunId, [new Metric("acc", 0.8, 3, 3)], [], []);
        Assert.Equal(4, (await store.GetMetricHistoryAsync(Workspaces.Default, RunId, "acc", 0, null)).Items.Count);
    }
}
