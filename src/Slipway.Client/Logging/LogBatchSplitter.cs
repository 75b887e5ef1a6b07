using Slipway.Core.Tracking;

namespace Slipway.Client.Logging;

/// <summary>
/// Splits logged data into <c>runs/log-batch</c> requests within <see cref="LogBatchLimits"/>, keeping the order of
/// each kind. Params and tags go first (up to 100 per request); metrics fill the rest of each request.
/// </summary>
public static class LogBatchSplitter
{
    public static IEnumerable<RunDataBatch> Split(IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<Tag> tags)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(tags);
        return SplitIterator(metrics, parameters, tags);
    }

    private static IEnumerable<RunDataBatch> SplitIterator(IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<Tag> tags)
    {
        int metricIndex = 0, paramIndex = 0, tagIndex = 0;
        while (metricIndex < metrics.Count || paramIndex < parameters.Count || tagIndex < tags.Count)
        {
            var paramCount = Math.Min(parameters.Count - paramIndex, LogBatchLimits.MaxParamsAndTags);
            var tagCount = Math.Min(tags.Count - tagIndex, LogBatchLimits.MaxParamsAndTags - paramCount);
            var metricCount = Math.Min(
                metrics.Count - metricIndex,
                Math.Min(LogBatchLimits.MaxMetrics, LogBatchLimits.MaxEntities - paramCount - tagCount));

            yield return new RunDataBatch(
                Slice(metrics, metricIndex, metricCount),
                Slice(parameters, paramIndex, paramCount),
                Slice(tags, tagIndex, tagCount));

            metricIndex += metricCount;
            paramIndex += paramCount;
            tagIndex += tagCount;
        }
    }

    private static T[] Slice<T>(IReadOnlyList<T> items, int start, int count)
    {
        var slice = new T[count];
        for (var i = 0; i < count; i++)
        {
            slice[i] = items[start + i];
        }

        return slice;
    }
}
