namespace Slipway.Core.Tracking;

/// <summary>The metadata of a run (MLflow's RunInfo).</summary>
public sealed record RunInfo(
    string RunId,
    string ExperimentId,
    string RunName,
    string UserId,
    RunStatus Status,
    long StartTime,
    long? EndTime,
    string ArtifactUri,
    LifecycleStage LifecycleStage);
