namespace Slipway.Client.Wire.Responses;

internal sealed record MetricHistoryResponse
{
    public List<WireMetric>? Metrics { get; init; }

    public string? NextPageToken { get; init; }
}
