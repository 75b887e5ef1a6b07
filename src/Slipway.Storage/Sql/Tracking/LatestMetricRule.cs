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

    /// <summary>
    /// The SQL condition under which a candidate row (<paramref name="candidate"/> alias) replaces the stored
    /// one (<paramref name="stored"/> alias) in latest_metrics. NaN is stored as value 0 with is_nan 1.
    /// </summary>
    public static string SqlCondition(string candidate, string stored) =>
        $"({candidate}.step, {candidate}.timestamp, 1 - {candidate}.is_nan, {candidate}.value) > " +
        $"({stored}.step, {stored}.timestamp, 1 - {stored}.is_nan, {stored}.value)";
}
