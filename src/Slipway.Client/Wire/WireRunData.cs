namespace Slipway.Client.Wire;

internal sealed record WireRunData
{
    public List<WireMetric>? Metrics { get; init; }

    public List<WireKeyValue>? Params { get; init; }

    public List<WireKeyValue>? Tags { get; init; }
}
