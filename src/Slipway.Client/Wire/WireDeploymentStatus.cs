namespace Slipway.Client.Wire;

internal sealed record WireDeploymentStatus
{
    public string? State { get; init; }

    public string? Error { get; init; }

    public long? ServedRevision { get; init; }

    public List<WireServedVersion>? Serving { get; init; }
}
