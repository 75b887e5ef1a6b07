using Slipway.Core.Tracking;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>
/// A logged batch's metrics ready to write: one chunk per key, the newest value per key for latest_metrics,
/// and, for a store that stages log calls (<see cref="MetricChunkCompaction.Staged"/>), the chunks as one row.
/// </summary>
internal sealed class MetricBatch
{
    public MetricBatch(IReadOnlyList<Metric> metrics, bool staged)
    {
        Chunks = metrics.Count == 0 ? [] : MetricChunk.PerKey(metrics);
        Latest = metrics.Count == 0 ? [] : LatestMetricRule.NewestPerKey(metrics);
        Staged = staged && metrics.Count > 0 ? StagedMetricBatchCodec.Encode(Chunks) : null;
        ValueCount = metrics.Count;
    }

    public IReadOnlyList<MetricChunk> Chunks { get; }

    public IReadOnlyList<Metric> Latest { get; }

    /// <summary>The chunks in <see cref="StagedMetricBatchCodec"/>'s layout, or null when not staged.</summary>
    public byte[]? Staged { get; }

    public int ValueCount { get; }
}
