namespace Slipway.Client.Wire;

/// <summary>A <c>{key, value}</c> pair: MLflow's Param, RunTag, ExperimentTag, InputTag and model tags share this shape.</summary>
internal sealed record WireKeyValue
{
    public string? Key { get; init; }

    public string? Value { get; init; }
}
