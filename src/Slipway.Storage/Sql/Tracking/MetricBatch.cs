using Slipway.Core.Tracking;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>A logged batch's metrics ready to write: one chunk per key, and the newest value per key for latest_metrics.</summary>
internal sealed class MetricBatch(IReadOnlyList<Metric> metrics)
{
    public IReadOnlyList<MetricChunk> Chunks { get; } = metrics.Count == 0 ? [] : MetricChunk.PerKey(metrics);

    public IReadOnlyList<Metric> Latest { get; } = metrics.Count == 0 ? [] : LatestMetricRule.NewestPerKey(metrics);
}
