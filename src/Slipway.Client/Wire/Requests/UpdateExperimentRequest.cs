namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>experiments/update</c>.</summary>
internal sealed record UpdateExperimentRequest
{
    public string? ExperimentId { get; init; }

    public string? NewName { get; init; }
}
