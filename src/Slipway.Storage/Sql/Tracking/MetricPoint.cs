namespace Slipway.Storage.Sql.Tracking;

/// <summary>
/// One value of a metric's history without its key: what a metric chunk holds. Points order by step, then
/// timestamp, then value, with NaN placed as if it were 0 and after a real 0 (the order the history always had
/// when NaN was stored as value 0 with a NaN flag).
/// </summary>
internal readonly record struct MetricPoint(long Step, long Timestamp, double Value) : IComparable<MetricPoint>
{
    public int CompareTo(MetricPoint other)
    {
        var byStep = Step.CompareTo(other.Step);
        if (byStep != 0)
        {
            return byStep;
        }

        var byTimestamp = Timestamp.CompareTo(other.Timestamp);
        if (byTimestamp != 0)
        {
            return byTimestamp;
        }

        var isNan = double.IsNaN(Value);
        var otherIsNan = double.IsNaN(other.Value);
        var byValue = (isNan ? 0 : Value).CompareTo(otherIsNan ? 0 : other.Value);
        return byValue != 0 ? byValue : isNan.CompareTo(otherIsNan);
    }

    /// <summary>Two points are the same logged value (MLflow keeps one) when every field matches; any NaN equals any NaN.</summary>
    public bool SameValueAs(MetricPoint other) => CompareTo(other) == 0;
}
