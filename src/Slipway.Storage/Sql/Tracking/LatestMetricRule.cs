using Slipway.Core.Tracking;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>
/// MLflow's rule for a run's latest metric value: the one with the greatest (step, timestamp, value). A NaN
/// value ranks below every number at the same step and timestamp, so a number logged alongside a NaN wins.
/// </summary>
internal static class LatestMetricRule
{
    public static bool IsNewer(Metric candidate, Metric current)
    {
        if (candidate.Step != current.Step)
        {
            return candidate.Step > current.Step;
        }

        if (candidate.Timestamp != current.Timestamp)
        {
            return candidate.Timestamp > current.Timestamp;
        }

        if (double.IsNaN(candidate.Value) || double.IsNaN(current.Value))
        {
            return !double.IsNaN(candidate.Value) && double.IsNaN(current.Value);
        }

        return candidate.Value > current.Value;
    }

    /// <summary>The newest value of each key in a batch, in first-seen key order.</summary>
    public static IReadOnlyList<Metric> NewestPerKey(IReadOnlyList<Metric> metrics)
    {
        if (metrics.Count == 1)
        {
            return metrics;
        }

        var newest = new Dictionary<string, int>(metrics.Count, StringComparer.Ordinal);
        var result = new List<Metric>(metrics.Count);
        foreach (var metric in metrics)
        {
            if (newest.TryGetValue(metric.Key, out var index))
            {
                if (IsNewer(metric, result[index]))
                {
                    result[index] = metric;
                }
            }
            else
            {
                newest.Add(metric.Key, result.Count);
                result.Add(metric);
            }
        }

        return result;
    }

    /// <summary>
    /// The SQL condition under which a candidate row (<paramref name="candidate"/> alias) replaces the stored
    /// one (<paramref name="stored"/> alias) in latest_metrics. NaN is stored as value 0 with is_nan 1.
    /// </summary>
    public static string SqlCondition(string candidate, string stored) =>
        $"({candidate}.step, {candidate}.timestamp, 1 - {candidate}.is_nan, {candidate}.value) > " +
        $"({stored}.step, {stored}.timestamp, 1 - {stored}.is_nan, {stored}.value)";
}
