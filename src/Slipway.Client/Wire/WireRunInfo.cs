namespace Slipway.Client.Wire;

internal sealed record WireRunInfo
{
    public string? RunId { get; init; }

    /// <summary>Deprecated alias of <see cref="RunId"/> that older servers still send.</summary>
    public string? RunUuid { get; init; }

    public string? RunName { get; init; }

    public string? ExperimentId { get; init; }

    public string? UserId { get; init; }

    public string? Status { get; init; }

    public long? StartTime { get; init; }

    public long? EndTime { get; init; }

    public string? ArtifactUri { get; init; }

    public string? LifecycleStage { get; init; }
}
