namespace Slipway.Client.Wire.Responses;

/// <summary>Response of <c>artifacts/list</c> and of the proxied artifact listing (which has no root URI).</summary>
internal sealed record ListArtifactsResponse
{
    public string? RootUri { get; init; }

    public List<WireFileInfo>? Files { get; init; }

    public string? NextPageToken { get; init; }
}
