using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>
/// Merges a metric's small chunks into large ones. A training loop that logs one value per call writes a
/// one-value chunk each time; once a run's metric has gathered <see cref="MergeAt"/> small chunks, the log call
/// that wrote the last one also replaces them (and only them) with sorted, de-duplicated chunks of up to
/// <see cref="MaxChunkValues"/> values, in the same transaction. Counts live in memory: after a restart a key
/// merges a little later, never wrongly, because the merge takes whatever small chunks the table holds.
/// </summary>
internal sealed class MetricChunkCompaction
{
    /// <summary>Chunks with fewer values than this are merged.</summary>
    public const int SmallChunkValues = 256;

    public const int MergeAt = 32;

    public const int MaxChunkValues = 4096;

    // Bounds the counters' memory; forgetting counts only delays merges.
    private const int MaxTrackedMetrics = 100_000;

    private readonly ConcurrentDictionary<(long RunKey, string Key), int> _smallChunks = new();

    /// <summary>Counts the batch's small chunks and merges the metrics that reached <see cref="MergeAt"/>.</summary>
    public async Task AfterInsertAsync(SqlSession session, long runKey, IReadOnlyList<MetricChunk> written, CancellationToken cancellationToken)
    {
        if (_smallChunks.Count > MaxTrackedMetrics)
        {
            _smallChunks.Clear();
        }

        List<string>? due = null;
        foreach (var chunk in written)
        {
            if (chunk.ValueCount < SmallChunkValues
                && _smallChunks.AddOrUpdate((runKey, chunk.Key), 1, (_, c) => c + 1) >= MergeAt
                && _smallChunks.TryRemove((runKey, chunk.Key), out _))
            {
                (due ??= []).Add(chunk.Key);
            }
        }

        if (due is null)
        {
            return;
        }

        // In key order, so concurrent merges of one run (PostgreSQL) lock rows in the same order and cannot deadlock.
        due.Sort(StringComparer.Ordinal);
        foreach (var key in due)
        {
            await MergeAsync(session, runKey, key, cancellationToken);
        }
    }

    /// <summary>Replaces every small chunk of one run's metric with merged ones.</summary>
    public static async Task MergeAsync(SqlSession session, long runKey, string key, CancellationToken cancellationToken)
    {
        var points = new List<MetricPoint>();
        var removed = 0;
        await using (var reader = await session.ReadAsync(
            "DELETE FROM metric_chunks WHERE run_key = @run AND key = @key AND value_count < @small RETURNING data",
            cancellationToken,
            ("@run", runKey),
            ("@key", key),
            ("@small", SmallChunkValues)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                MetricChunkCodec.Decode(reader.GetFieldValue<byte[]>(0), points);
                removed++;
            }
        }

        if (removed <= 1)
        {
            // Nothing to gain (a concurrent merge took them); put back what was taken.
            if (points.Count > 0)
            {
                await session.Dialect.InsertMetricChunksAsync(session, runKey, [MetricChunk.Of(key, CollectionsMarshal.AsSpan(points))], cancellationToken);
            }

            return;
        }

        MetricHistory.SortDistinct(points);
        var merged = new List<MetricChunk>();
        var all = CollectionsMarshal.AsSpan(points);
        for (var start = 0; start < all.Length; start += MaxChunkValues)
        {
            merged.Add(MetricChunk.Of(key, all.Slice(start, Math.Min(MaxChunkValues, all.Length - start))));
        }

        await session.Dialect.InsertMetricChunksAsync(session, runKey, merged, cancellationToken);
    }
}
