using Slipway.Core.Data;
using Slipway.Core.Tracking;
using Slipway.Storage.Sql;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Postgres;

/// <summary>
/// PostgreSQL's SQL differences. Row sets travel as typed arrays: key lists as <c>= ANY(@keys)</c> and metric
/// chunks and latest values as parallel arrays expanded with <c>unnest</c>, one statement per batch.
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

    public async Task InsertMetricChunksAsync(SqlSession session, long runKey, IReadOnlyList<MetricChunk> chunks, CancellationToken cancellationToken)
    {
        var keys = new string[chunks.Count];
        var counts = new int[chunks.Count];
        var minSteps = new long[chunks.Count];
        var maxSteps = new long[chunks.Count];
        var data = new byte[chunks.Count][];
        for (var i = 0; i < chunks.Count; i++)
        {
            (keys[i], counts[i], minSteps[i], maxSteps[i], data[i]) = chunks[i];
        }

        await session.ExecuteAsync(
            """
            INSERT INTO metric_chunks (run_key, key, value_count, min_step, max_step, data)
            SELECT @run, * FROM unnest(@keys, @counts, @min_steps, @max_steps, @data)
            """,
            cancellationToken,
            ("@run", runKey),
            ("@keys", keys),
            ("@counts", counts),
            ("@min_steps", minSteps),
            ("@max_steps", maxSteps),
            ("@data", data));
    }

    /// <summary>Parallel arrays expanded with <c>unnest</c>, 10,000 rows per statement.</summary>
    public async Task InsertManifestAsync(SqlSession session, long datasetKey, long version, IReadOnlyList<ManifestEntry> files, CancellationToken cancellationToken)
    {
        const int BatchSize = 10_000;
        for (var start = 0; start < files.Count; start += BatchSize)
        {
            var count = Math.Min(BatchSize, files.Count - start);
            var paths = new string[count];
            var sizes = new long[count];
            var hashes = new string[count];
            var types = new string[count];
            for (var i = 0; i < count; i++)
            {
                var file = files[start + i];
                (paths[i], sizes[i], hashes[i], types[i]) = (file.Path, file.Size, file.Hash.Hex!, file.MediaType);
            }

            await session.ExecuteAsync(
                """
                INSERT INTO data_files (dataset_key, version, path, size, content_hash, media_type)
                SELECT @key, @version, * FROM unnest(@paths, @sizes, @hashes, @types)
                """,
                cancellationToken,
                ("@key", datasetKey),
                ("@version", version),
                ("@paths", paths),
                ("@sizes", sizes),
                ("@hashes", hashes),
                ("@types", types));
        }
    }

    public async Task UpsertLatestMetricsAsync(SqlSession session, long runKey, IReadOnlyList<Metric> candidates, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync(
            $"""
            INSERT INTO latest_metrics AS l (run_key, key, step, timestamp, value, is_nan)
            SELECT @run, * FROM unnest(@keys, @steps, @timestamps, @values, @nans)
            ON CONFLICT (run_key, key) DO UPDATE SET
                step = excluded.step, timestamp = excluded.timestamp, value = excluded.value, is_nan = excluded.is_nan
            WHERE {LatestMetricRule.SqlCondition("excluded", "l")}
            """,
            cancellationToken,
            MetricArrays(runKey, candidates));
    }

    /// <summary>
    /// The run and the metrics as parallel arrays, sorted by key so that concurrent batches touch rows in the
    /// same order and wait for each other instead of deadlocking. NaN is stored as 0 with is_nan 1, as in
    /// SQLite, so both databases order and compare it alike.
    /// </summary>
    private static (string, object?)[] MetricArrays(long runKey, IReadOnlyList<Metric> unsorted)
    {
        var metrics = unsorted.ToArray();
        Array.Sort(metrics, (a, b) => string.CompareOrdinal(a.Key, b.Key));
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

        return [("@run", runKey), ("@keys", keys), ("@steps", steps), ("@timestamps", timestamps), ("@values", values), ("@nans", nans)];
    }
}
