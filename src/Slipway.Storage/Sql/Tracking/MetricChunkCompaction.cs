using System.Collections.Concurrent;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>
/// Merges a metric's small chunks into large ones. A training loop that logs one value per call writes a
/// one-value chunk each time; once a run's metric has gathered <see cref="MergeAt"/> small chunks, they (and only
/// they) are replaced by sorted, de-duplicated chunks of up to <see cref="MaxChunkValues"/> values. Inline, the
/// log call that wrote the last one merges in its own transaction (PostgreSQL, many writers); deferred, the
/// metric is queued and the writer merges while it has nothing else to do (SQLite's single writer, where a
/// merge inside a log call would hold up every caller of its group). Counts live in memory: after a restart
/// a metric merges a little later, never wrongly, because a merge takes whatever small chunks the table holds.
/// </summary>
internal sealed class MetricChunkCompaction(bool deferred)
{
    /// <summary>Chunks with fewer values than this are merged.</summary>
    public const int SmallChunkValues = 256;

    public const int MergeAt = 32;

    public const int MaxChunkValues = 4096;

    /// <summary>The most metrics one log call merges inline.</summary>
    private const int MaxMergesPerCall = 8;

    // Bounds the counters' memory; forgetting counts only delays merges.
    private const int MaxTrackedMetrics = 100_000;

    private readonly ConcurrentDictionary<(long RunKey, string Key), int> _smallChunks = new();
    private readonly ConcurrentDictionary<(long RunKey, string Key), bool> _due = new();

    /// <summary>Metrics queued for a deferred merge.</summary>
    public int DueCount => _due.Count;

    /// <summary>Counts the batch's small chunks; merges (or queues) the metrics that reached <see cref="MergeAt"/>.</summary>
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
                if (deferred)
                {
                    _due.TryAdd((runKey, chunk.Key), true);
                }
                else
                {
                    (due ??= []).Add(chunk.Key);
                }
            }
        }

        if (due is null)
        {
            return;
        }

        // In key order, so concurrent merges of one run (PostgreSQL) lock rows in the same order and cannot deadlock.
        // At most a few per call, so one log call does not pay for a whole batch's worth of merges; the rest
        // stay one chunk short of due and merge with the metric's next small chunk.
        due.Sort(StringComparer.Ordinal);
        for (var i = 0; i < due.Count; i++)
        {
            if (i < MaxMergesPerCall)
            {
                await MergeAsync(session, runKey, due[i], cancellationToken);
            }
            else
            {
                _smallChunks.AddOrUpdate((runKey, due[i]), MergeAt - 1, (_, c) => Math.Max(c, MergeAt - 1));
            }
        }
    }

    /// <summary>
    /// Merges up to <paramref name="max"/> queued metrics; returns how many it merged. Each leaves the queue
    /// before its merge, so one that keeps failing cannot block the others (its chunks stay readable, unmerged,
    /// and it queues again once more small chunks gather).
    /// </summary>
    public async Task<int> MergeDueAsync(SqlSession session, int max, CancellationToken cancellationToken)
    {
        // In run and key order: a run's metrics share pages, which one transaction then writes once.
        var due = _due.Keys.ToList();
        due.Sort((a, b) => a.RunKey != b.RunKey ? a.RunKey.CompareTo(b.RunKey) : string.CompareOrdinal(a.Key, b.Key));
        var merged = 0;
        foreach (var (runKey, key) in due.Take(max))
        {
            _due.TryRemove((runKey, key), out _);
            await MergeAsync(session, runKey, key, cancellationToken);
            merged++;
        }

        return merged;
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

        if (removed == 0)
        {
            return;
        }

        await session.Dialect.InsertMetricChunksAsync(session, runKey, MetricChunk.Merged(key, points), cancellationToken);
    }
}
