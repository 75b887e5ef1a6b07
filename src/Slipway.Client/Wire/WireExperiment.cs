namespace Slipway.Client.Wire;

internal sealed record WireExperiment
{
    public string? ExperimentId { get; init; }

    public string? Name { get; init; }

    public string? ArtifactLocation { get; init; }

    public string? LifecycleStage { get; init; }

    public long? LastUpdateTime { get; init; }

    public long? CreationTime { get; init; }

    public List<WireKeyValue>? Tags { get; init; }
}
