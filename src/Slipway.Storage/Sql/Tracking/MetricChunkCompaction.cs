using System.Collections.Concurrent;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>
/// Appends logged metrics to history and keeps the history in few, large chunks. Two modes:
/// <list type="bullet">
/// <item>Inline (PostgreSQL, many writers): a log call writes one chunk per key; once a run's metric has
/// gathered <see cref="MergeAt"/> small chunks, the log call that wrote the last one merges them, and only them,
/// into sorted, de-duplicated chunks of up to <see cref="MaxChunkValues"/> values, in its own transaction.</item>
/// <item>Staged (SQLite's single writer): a log call writes its whole batch as one row of <c>metric_batches</c>
/// (<see cref="StagedMetricBatchCodec"/>), a single insert however many keys it logs. Once a run has staged
/// <see cref="StagedBatchesMergeAt"/> batches or <see cref="StagedValuesMergeAt"/> values, the writer sorts them
/// into per-key chunks while it has nothing else to do, and merges small chunks the same way; neither ever
/// holds up a group of callers.</item>
/// </list>
/// Counts live in memory: after a restart a metric merges a little later, never wrongly, because a merge takes
/// whatever rows the tables hold; an opening SQLite store queues every run that has staged batches.
/// </summary>
internal sealed class MetricChunkCompaction(bool staged)
{
    /// <summary>Chunks with fewer values than this are merged.</summary>
    public const int SmallChunkValues = 256;

    public const int MergeAt = 32;

    public const int MaxChunkValues = 4096;

    public const int StagedBatchesMergeAt = 32;

    public const int StagedValuesMergeAt = 32_768;

    /// <summary>The most metrics one log call merges inline.</summary>
    private const int MaxMergesPerCall = 8;

    /// <summary>Per <see cref="MergeDueAsync"/> call (one transaction of the writer).</summary>
    private const int MaxStagedRunsPerCall = 4;

    private const int MaxMetricsPerCall = 256;

    // Deferred work this large is merged between groups of callers too, not only when the writer is idle.
    private const int LargeMetricBacklog = 4096;

    private const int LargeStagedBacklog = 64;

    // Bounds the counters' memory; forgetting counts only delays merges.
    private const int MaxTracked = 100_000;

    private readonly ConcurrentDictionary<(long RunKey, string Key), int> _smallChunks = new();
    private readonly ConcurrentDictionary<(long RunKey, string Key), bool> _dueMetrics = new();
    private readonly ConcurrentDictionary<long, (int Batches, int Values)> _staged = new();
    private readonly ConcurrentDictionary<long, bool> _dueRuns = new();

    /// <summary>Whether log calls stage their batches (and all merging is deferred to <see cref="MergeDueAsync"/>).</summary>
    public bool Staged => staged;

    /// <summary>Whether deferred merges are waiting.</summary>
    public bool HasDue => !_dueRuns.IsEmpty || !_dueMetrics.IsEmpty;

    /// <summary>Whether so many merges wait that the writer should not wait for an idle moment.</summary>
    public bool HasLargeBacklog => _dueRuns.Count >= LargeStagedBacklog || _dueMetrics.Count >= LargeMetricBacklog;

    /// <summary>Appends a log call's metrics to the run's history.</summary>
    public async Task AppendAsync(SqlSession session, long runKey, MetricBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Staged is { } data)
        {
            await session.ExecuteAsync(
                "INSERT INTO metric_batches (run_key, data) VALUES (@run, @data)",
                cancellationToken,
                ("@run", runKey),
                ("@data", data));
            ForgetIfCrowded(_staged);
            var (batches, values) = _staged.AddOrUpdate(
                runKey,
                (1, batch.ValueCount),
                (_, c) => (c.Batches + 1, c.Values + batch.ValueCount));
            if ((batches >= StagedBatchesMergeAt || values >= StagedValuesMergeAt) && _staged.TryRemove(runKey, out _))
            {
                _dueRuns.TryAdd(runKey, true);
            }

            return;
        }

        await session.Dialect.InsertMetricChunksAsync(session, runKey, batch.Chunks, cancellationToken);
        var due = CountSmallChunks(runKey, batch.Chunks);
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
                await MergeSmallChunksAsync(session, runKey, due[i], cancellationToken);
            }
            else
            {
                _smallChunks.AddOrUpdate((runKey, due[i]), MergeAt - 1, (_, c) => Math.Max(c, MergeAt - 1));
            }
        }
    }

    /// <summary>Queues every run that has staged batches, to be sorted into chunks (an opening store's leftovers).</summary>
    public async Task QueueStagedRunsAsync(SqlSession session, CancellationToken cancellationToken)
    {
        await using var reader = await session.ReadAsync("SELECT DISTINCT run_key FROM metric_batches", cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            _dueRuns.TryAdd(reader.GetInt64(0), true);
        }
    }

    /// <summary>
    /// Does some deferred work in the session's transaction: sorts the staged batches of up to 4 due runs into
    /// chunks, or else merges the small chunks of up to 256 due metrics. Returns how many runs or metrics it
    /// handled. Each leaves its queue before its merge, so one that keeps failing cannot block the others (its
    /// rows stay readable, unmerged, and it queues again once more gather).
    /// </summary>
    public async Task<int> MergeDueAsync(SqlSession session, CancellationToken cancellationToken)
    {
        if (!_dueRuns.IsEmpty)
        {
            var runs = _dueRuns.Keys.Order().Take(MaxStagedRunsPerCall).ToList();
            foreach (var runKey in runs)
            {
                _dueRuns.TryRemove(runKey, out _);
                await SortStagedAsync(session, runKey, cancellationToken);
            }

            return runs.Count;
        }

        // In run and key order: a run's metrics share pages, which one transaction then writes once.
        var due = _dueMetrics.Keys.ToList();
        due.Sort((a, b) => a.RunKey != b.RunKey ? a.RunKey.CompareTo(b.RunKey) : string.CompareOrdinal(a.Key, b.Key));
        var merged = 0;
        foreach (var (runKey, key) in due.Take(MaxMetricsPerCall))
        {
            _dueMetrics.TryRemove((runKey, key), out _);
            await MergeSmallChunksAsync(session, runKey, key, cancellationToken);
            merged++;
        }

        return merged;
    }

    /// <summary>Replaces every small chunk of one run's metric with merged ones.</summary>
    public static async Task MergeSmallChunksAsync(SqlSession session, long runKey, string key, CancellationToken cancellationToken)
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

    /// <summary>Replaces a run's staged batches with per-key chunks, and queues the metrics whose small chunks are now due.</summary>
    private async Task SortStagedAsync(SqlSession session, long runKey, CancellationToken cancellationToken)
    {
        var byKey = new Dictionary<string, List<MetricPoint>>(StringComparer.Ordinal);
        await using (var reader = await session.ReadAsync(
            "DELETE FROM metric_batches WHERE run_key = @run RETURNING data",
            cancellationToken,
            ("@run", runKey)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                StagedMetricBatchCodec.DecodeAll(reader.GetFieldValue<byte[]>(0), byKey);
            }
        }

        var keys = byKey.Keys.ToList();
        keys.Sort(StringComparer.Ordinal);
        var chunks = new List<MetricChunk>(keys.Count);
        foreach (var key in keys)
        {
            chunks.AddRange(MetricChunk.Merged(key, byKey[key]));
        }

        if (chunks.Count == 0)
        {
            return;
        }

        await session.Dialect.InsertMetricChunksAsync(session, runKey, chunks, cancellationToken);
        foreach (var key in CountSmallChunks(runKey, chunks) ?? [])
        {
            _dueMetrics.TryAdd((runKey, key), true);
        }
    }

    /// <summary>Counts the small ones among a run's new chunks; returns the keys that reached <see cref="MergeAt"/>, or null.</summary>
    private List<string>? CountSmallChunks(long runKey, IReadOnlyList<MetricChunk> written)
    {
        ForgetIfCrowded(_smallChunks);
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

        return due;
    }

    private static void ForgetIfCrowded<TKey, TValue>(ConcurrentDictionary<TKey, TValue> counts)
        where TKey : notnull
    {
        if (counts.Count > MaxTracked)
        {
            counts.Clear();
        }
    }
}
