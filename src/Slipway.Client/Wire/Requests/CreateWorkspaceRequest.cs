namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>POST /api/v1/workspaces</c>.</summary>
internal sealed record CreateWorkspaceRequest
{
    public string? Workspace { get; init; }

    public string? Owner { get; init; }
}
