namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>runs/log-metric</c>.</summary>
internal sealed record LogMetricRequest
{
    public string? RunId { get; init; }

    public string? Key { get; init; }

    public double Value { get; init; }

    public long Timestamp { get; init; }

    public long Step { get; init; }
}
