namespace Slipway.Core.Serving;

/// <summary>
/// One model a deployment routes requests to: a registry URI (<c>models:/name@alias</c>, <c>models:/name/3</c>,
/// <c>models:/name/Production</c>) and its share of traffic relative to the other targets' weights.
/// </summary>
public sealed record DeploymentTarget(string Model, int Weight);
