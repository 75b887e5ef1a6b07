namespace Slipway.Storage.Sql.Tracking;

/// <summary>
/// One value of a metric's history without its key: what a metric chunk holds. Points order by step, then
/// timestamp, then value, with NaN placed as if it were 0 and after a real 0 (the order the history always had
/// when NaN was stored as value 0 with a NaN flag); values that compare equal but differ in bits (-0 and 0)
/// order by their bits, so which one a history keeps does not depend on the order chunks are read in.
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
        if (byValue != 0)
        {
            return byValue;
        }

        var byNan = isNan.CompareTo(otherIsNan);
        return byNan != 0 ? byNan : BitConverter.DoubleToInt64Bits(Value).CompareTo(BitConverter.DoubleToInt64Bits(other.Value));
    }

    /// <summary>
    /// Two points are the same logged value (MLflow keeps one) when step, timestamp and value match; any NaN
    /// equals any NaN and -0 equals 0, as they did in the primary key of the row-per-value table.
    /// </summary>
    public bool SameValueAs(MetricPoint other) =>
        Step == other.Step
        && Timestamp == other.Timestamp
        && (double.IsNaN(Value) ? double.IsNaN(other.Value) : Value == other.Value);
}
