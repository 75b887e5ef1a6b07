namespace Slipway.Client.Wire;

/// <summary>A user as the native security API sends it.</summary>
internal sealed record WireUser
{
    public long Id { get; init; }

    public string? Username { get; init; }

    public bool IsAdmin { get; init; }

    public bool IsServiceAccount { get; init; }

    public long CreationTime { get; init; }
}
