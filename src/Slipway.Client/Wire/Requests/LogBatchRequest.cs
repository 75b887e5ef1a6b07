namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>runs/log-batch</c>.</summary>
internal sealed record LogBatchRequest
{
    public string? RunId { get; init; }

    public List<WireMetric>? Metrics { get; init; }

    public List<WireKeyValue>? Params { get; init; }

    public List<WireKeyValue>? Tags { get; init; }
}
