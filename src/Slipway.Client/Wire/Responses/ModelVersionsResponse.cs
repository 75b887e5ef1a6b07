namespace Slipway.Client.Wire.Responses;

/// <summary>Response of <c>model-versions/search</c> and <c>registered-models/get-latest-versions</c>.</summary>
internal sealed record ModelVersionsResponse
{
    public List<WireModelVersion>? ModelVersions { get; init; }

    public string? NextPageToken { get; init; }
}
