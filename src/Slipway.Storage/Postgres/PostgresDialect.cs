using Slipway.Core.Tracking;
using Slipway.Storage.Sql;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Postgres;

/// <summary>
/// PostgreSQL's SQL differences. Row sets travel as typed arrays: key lists as <c>= ANY(@keys)</c> and metric
/// batches as parallel arrays expanded with <c>unnest</c>, one statement per batch.
/// </summary>
internal sealed class PostgresDialect : ISqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    public string Name => "postgresql";

    /// <summary>Makes concurrently starting servers migrate one after the other.</summary>
    public string? MigrationLockStatement => "LOCK TABLE schema_version IN ACCESS EXCLUSIVE MODE";

    public string Like(string column, string parameter) => $"{column} LIKE {parameter}";

    public string LikePattern(string pattern) => pattern;

    public string ILike(string column, string parameter) => $"{column} ILIKE {parameter}";

    public string InKeyList(string column, string parameter) => $"{column} = ANY({parameter})";

    public object KeyListValue(IReadOnlyCollection<long> keys) => keys.ToArray();

    public async Task InsertMetricHistoryAsync(SqlSession session, long runKey, IReadOnlyList<Metric> metrics, CancellationToken cancellationToken)
    {
        await using var command = session.Command(
            """
            INSERT INTO metrics (run_key, key, step, timestamp, value, is_nan)
            SELECT @run, * FROM unnest(@keys, @steps, @timestamps, @values, @nans)
            ON CONFLICT DO NOTHING
            """,
            ("@run", runKey));
        AddMetricArrays(command, SortedByKey(metrics));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task UpsertLatestMetricsAsync(SqlSession session, long runKey, IReadOnlyList<Metric> candidates, CancellationToken cancellationToken)
    {
        await using var command = session.Command(
            $"""
            INSERT INTO latest_metrics AS l (run_key, key, step, timestamp, value, is_nan)
            SELECT @run, * FROM unnest(@keys, @steps, @timestamps, @values, @nans)
            ON CONFLICT (run_key, key) DO UPDATE SET
                step = excluded.step, timestamp = excluded.timestamp, value = excluded.value, is_nan = excluded.is_nan
            WHERE {LatestMetricRule.SqlCondition("excluded", "l")}
            """,
            ("@run", runKey));
        AddMetricArrays(command, SortedByKey(candidates));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Concurrent batches touch rows in the same (key) order, so they wait for each other instead of deadlocking.</summary>
    private static Metric[] SortedByKey(IReadOnlyList<Metric> metrics)
    {
        var sorted = metrics.ToArray();
        Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return sorted;
    }

    /// <summary>NaN is stored as 0 with is_nan 1, as in SQLite, so both databases order and compare it alike.</summary>
    private static void AddMetricArrays(System.Data.Common.DbCommand command, Metric[] metrics)
    {
        var keys = new string[metrics.Length];
        var steps = new long[metrics.Length];
        var timestamps = new long[metrics.Length];
        var values = new double[metrics.Length];
        var nans = new int[metrics.Length];
        for (var i = 0; i < metrics.Length; i++)
        {
            var metric = metrics[i];
            keys[i] = metric.Key;
            steps[i] = metric.Step;
            timestamps[i] = metric.Timestamp;
            var isNan = double.IsNaN(metric.Value);
            values[i] = isNan ? 0 : metric.Value;
            nans[i] = isNan ? 1 : 0;
        }

        command.AddParameter("@keys", keys);
        command.AddParameter("@steps", steps);
        command.AddParameter("@timestamps", timestamps);
        command.AddParameter("@values", values);
        command.AddParameter("@nans", nans);
    }
}
