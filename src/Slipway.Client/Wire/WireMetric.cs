namespace Slipway.Client.Wire;

internal sealed record WireMetric
{
    public string? Key { get; init; }

    public double Value { get; init; }

    public long Timestamp { get; init; }

    public long Step { get; init; }
}
