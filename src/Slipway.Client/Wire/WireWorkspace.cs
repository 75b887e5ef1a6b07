namespace Slipway.Client.Wire;

/// <summary>A workspace and the caller's role in it (absent when the caller is not a member).</summary>
internal sealed record WireWorkspace
{
    public string? Workspace { get; init; }

    public string? Role { get; init; }
}
