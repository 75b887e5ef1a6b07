using Slipway.Core.Tracking;

namespace Slipway.Client.Logging;

/// <summary>The metrics, params and tags of one <c>runs/log-batch</c> request.</summary>
public sealed record RunDataBatch(IReadOnlyList<Metric> Metrics, IReadOnlyList<Param> Params, IReadOnlyList<Tag> Tags)
{
    public int Count => Metrics.Count + Params.Count + Tags.Count;

    /// <summary>Splits into the first <paramref name="count"/> values (metrics, then params, then tags) and the rest.</summary>
    public (RunDataBatch Head, RunDataBatch Tail) SplitAt(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var metricCount = Math.Min(count, Metrics.Count);
        var paramCount = Math.Min(count - metricCount, Params.Count);
        var tagCount = Math.Min(count - metricCount - paramCount, Tags.Count);
        return (
            new RunDataBatch(Metrics.Take(metricCount).ToArray(), Params.Take(paramCount).ToArray(), Tags.Take(tagCount).ToArray()),
            new RunDataBatch(Metrics.Skip(metricCount).ToArray(), Params.Skip(paramCount).ToArray(), Tags.Skip(tagCount).ToArray()));
    }
}
