namespace Slipway.Client.Wire.Responses;

internal sealed record SearchExperimentsResponse
{
    public List<WireExperiment>? Experiments { get; init; }

    public string? NextPageToken { get; init; }
}
