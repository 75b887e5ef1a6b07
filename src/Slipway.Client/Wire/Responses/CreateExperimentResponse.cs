namespace Slipway.Client.Wire.Responses;

internal sealed record CreateExperimentResponse
{
    public string? ExperimentId { get; init; }
}
