namespace Slipway.Client.Wire;

/// <summary>What the server shows of an API token: never the token itself.</summary>
internal sealed record WireToken
{
    public string? Name { get; init; }

    public string? User { get; init; }

    public string? Prefix { get; init; }

    public List<string>? Scopes { get; init; }

    public string? Workspace { get; init; }

    public long CreationTime { get; init; }

    public long? ExpiryTime { get; init; }

    public long? LastUsedTime { get; init; }

    public long? RevokedTime { get; init; }

    public bool Active { get; init; }
}
