namespace Slipway.Client.Wire.Responses;

/// <summary>Response of <c>experiments/get</c> and <c>experiments/get-by-name</c>.</summary>
internal sealed record ExperimentResponse
{
    public WireExperiment? Experiment { get; init; }
}
