namespace Slipway.Core.Tracking;

/// <summary>A named group of runs inside a workspace. Ids are decimal strings, as in MLflow.</summary>
public sealed record Experiment(
    string ExperimentId,
    string WorkspaceId,
    string Name,
    string ArtifactLocation,
    LifecycleStage LifecycleStage,
    long CreationTime,
    long LastUpdateTime,
    IReadOnlyList<Tag> Tags);
