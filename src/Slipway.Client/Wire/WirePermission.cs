namespace Slipway.Client.Wire;

/// <summary>A user's permission on one experiment or one registered model (exactly one of the two is set).</summary>
internal sealed record WirePermission
{
    public string? Workspace { get; init; }

    public string? ExperimentId { get; init; }

    public string? RegisteredModel { get; init; }

    public string? Username { get; init; }

    public string? Permission { get; init; }
}
