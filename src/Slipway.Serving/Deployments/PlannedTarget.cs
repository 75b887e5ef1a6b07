namespace Slipway.Serving.Deployments;

/// <summary>One model version a deployment serves, as its registry URI resolved it, with its share of traffic.</summary>
public sealed record PlannedTarget(string ModelName, long Version, int Weight, string Uri);
