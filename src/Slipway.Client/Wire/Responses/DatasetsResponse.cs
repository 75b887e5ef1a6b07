namespace Slipway.Client.Wire.Responses;

internal sealed record DatasetsResponse
{
    public List<WireDatasetSummary>? Datasets { get; init; }
}
