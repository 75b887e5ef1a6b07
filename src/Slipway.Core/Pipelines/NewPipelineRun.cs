namespace Slipway.Core.Pipelines;

/// <summary>
/// What the orchestrator supplies to start a pipeline run. <paramref name="Id"/> is the id of the run's tracking run
/// (created first), so one id names the pipeline run in both APIs. <paramref name="Code"/> is the dataset version that holds
/// the pipeline directory's files (<c>data:code.churn@4</c>), copied into every step directory.
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
    IReadOnlyList<string> Steps,
    string? Code = null);
