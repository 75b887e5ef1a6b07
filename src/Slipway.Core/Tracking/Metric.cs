namespace Slipway.Core.Tracking;

/// <summary>One logged value of a metric. <see cref="Timestamp"/> is milliseconds since the Unix epoch.</summary>
public sealed record Metric(string Key, double Value, long Timestamp, long Step);
