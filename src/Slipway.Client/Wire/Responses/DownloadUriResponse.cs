namespace Slipway.Client.Wire.Responses;

internal sealed record DownloadUriResponse
{
    public string? ArtifactUri { get; init; }
}
