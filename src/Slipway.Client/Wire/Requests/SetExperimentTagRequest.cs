namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>experiments/set-experiment-tag</c>.</summary>
internal sealed record SetExperimentTagRequest
{
    public string? ExperimentId { get; init; }

    public string? Key { get; init; }

    public string? Value { get; init; }
}
