namespace Slipway.Core.Pipelines;

/// <summary>
/// One run of a pipeline. <see cref="Id"/> is also the id of its tracking run. <see cref="Params"/> are the resolved
/// values as text. Times are milliseconds since the Unix epoch.
/// </summary>
public sealed record PipelineRun(
    string Id,
    string Pipeline,
    PipelineRunStatus Status,
    string Spec,
    IReadOnlyDictionary<string, string> Params,
    PipelineTrigger Trigger,
    string? Creator,
    string ExperimentId,
    long CreationTime,
    long? StartTime,
    long? EndTime,
    string? Message,
    bool CancelRequested,
    string? Code = null);
