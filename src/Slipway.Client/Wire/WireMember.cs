namespace Slipway.Client.Wire;

/// <summary>A user's role in a workspace.</summary>
internal sealed record WireMember
{
    public string? Workspace { get; init; }

    public string? Username { get; init; }

    public string? Role { get; init; }
}
