namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>registered-models/get-latest-versions</c>.</summary>
internal sealed record GetLatestVersionsRequest
{
    public string? Name { get; init; }

    public List<string>? Stages { get; init; }
}
