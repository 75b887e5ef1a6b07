namespace Slipway.Client.Wire;

/// <summary>One weighted target of a deployment: a registry URI and its share of traffic.</summary>
internal sealed record WireDeploymentTarget
{
    public string? Model { get; init; }

    public int? Weight { get; init; }
}
