namespace Slipway.Client.Wire.Responses;

internal sealed record DatasetVersionsResponse
{
    public List<WireDatasetVersion>? Versions { get; init; }
}
