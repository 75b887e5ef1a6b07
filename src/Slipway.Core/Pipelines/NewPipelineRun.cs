namespace Slipway.Core.Pipelines;

/// <summary>
/// What the orchestrator supplies to start a pipeline run. <paramref name="Id"/> is the id of the run's tracking run
/// (created first), so one id names the pipeline run in both APIs.
/// </summary>
public sealed record NewPipelineRun(
    string Id,
    string Pipeline,
    string Spec,
    IReadOnlyDictionary<string, string> Params,
    PipelineTrigger Trigger,
    string? Creator,
    string ExperimentId,
    PipelineRunStatus Status,
    IReadOnlyList<string> Steps);
