namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>experiments/delete</c> and <c>experiments/restore</c>.</summary>
internal sealed record ExperimentIdRequest
{
    public string? ExperimentId { get; init; }
}
