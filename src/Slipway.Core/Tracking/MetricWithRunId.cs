namespace Slipway.Core.Tracking;

/// <summary>A metric value tagged with the run it belongs to, as returned by bulk history queries.</summary>
public sealed record MetricWithRunId(string RunId, Metric Metric);
