namespace Slipway.Client.Wire.Responses;

internal sealed record WorkspacesResponse
{
    public List<WireWorkspace>? Workspaces { get; init; }
}
