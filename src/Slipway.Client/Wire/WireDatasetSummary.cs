namespace Slipway.Client.Wire;

internal sealed record WireDatasetSummary
{
    public string? Name { get; init; }

    public long LatestVersion { get; init; }

    public long CreationTime { get; init; }

    public long LastUpdatedTime { get; init; }
}
