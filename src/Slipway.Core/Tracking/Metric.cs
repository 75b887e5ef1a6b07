namespace Slipway.Core.Tracking;

/// <summary>One logged value of a metric. <see cref="Timestamp"/> is milliseconds since the Unix epoch.</summary>
public readonly record struct Metric(string Key, double Value, long Timestamp, long Step);
