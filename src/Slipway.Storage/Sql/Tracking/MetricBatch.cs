using System.Runtime.InteropServices;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>
/// A logged batch's metrics ready to write, computed in one pass on the caller's thread: the newest value per
/// key for latest_metrics, and the values per key (keys in first-seen order, values in logged order) either
/// as one chunk per key or, for a store that stages log calls (<see cref="MetricChunkCompaction.Staged"/>),
/// as one staged row.
/// </summary>
internal sealed class MetricBatch
{
    public MetricBatch(IReadOnlyList<Metric> metrics, bool staged)
    {
        ValueCount = metrics.Count;
        if (metrics.Count == 0)
        {
            return;
        }

        // Group by key: each metric's group, and the newest metric of each group.
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        var groupOf = new int[metrics.Count];
        var keys = new List<string>();
        var latest = new List<Metric>();
        var counts = new List<int>();
        for (var i = 0; i < metrics.Count; i++)
        {
            var metric = metrics[i];
            ref var group = ref CollectionsMarshal.GetValueRefOrAddDefault(groups, metric.Key, out var exists);
            if (!exists)
            {
                group = keys.Count;
                keys.Add(metric.Key);
                latest.Add(metric);
                counts.Add(0);
            }
            else if (LatestMetricRule.IsNewer(metric, latest[group]))
            {
                latest[group] = metric;
            }

            groupOf[i] = group;
            counts[group]++;
        }

        // Each group's points contiguous, in logged order (a counting sort by group).
        var starts = new int[keys.Count + 1];
        for (var g = 0; g < keys.Count; g++)
        {
            starts[g + 1] = starts[g] + counts[g];
        }

        var points = new MetricPoint[metrics.Count];
        var next = starts[..^1];
        for (var i = 0; i < metrics.Count; i++)
        {
            var metric = metrics[i];
            points[next[groupOf[i]]++] = new MetricPoint(metric.Step, metric.Timestamp, metric.Value);
        }

        Latest = latest;
        if (staged)
        {
            Staged = StagedMetricBatchCodec.Encode(keys, points, starts);
            return;
        }

        var chunks = new List<MetricChunk>(keys.Count);
        for (var g = 0; g < keys.Count; g++)
        {
            chunks.Add(MetricChunk.Of(keys[g], points.AsSpan(starts[g], starts[g + 1] - starts[g])));
        }

        Chunks = chunks;
    }

    /// <summary>One chunk per key, or none when <see cref="Staged"/>.</summary>
    public IReadOnlyList<MetricChunk> Chunks { get; } = [];

    public IReadOnlyList<Metric> Latest { get; } = [];

    /// <summary>The batch in <see cref="StagedMetricBatchCodec"/>'s layout, or null when not staged.</summary>
    public byte[]? Staged { get; }

    public int ValueCount { get; }

    /// <summary>Whether the batch holds any metric.</summary>
    public bool IsEmpty => ValueCount == 0;
}
