namespace Slipway.Client.Wire;

internal sealed record WireRegisteredModel
{
    public string? Name { get; init; }

    public long? CreationTimestamp { get; init; }

    public long? LastUpdatedTimestamp { get; init; }

    public string? UserId { get; init; }

    public string? Description { get; init; }

    public List<WireModelVersion>? LatestVersions { get; init; }

    public List<WireKeyValue>? Tags { get; init; }

    public List<WireModelAlias>? Aliases { get; init; }
}
