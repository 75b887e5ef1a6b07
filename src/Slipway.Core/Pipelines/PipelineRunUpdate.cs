namespace Slipway.Core.Pipelines;

/// <summary>Changes to a pipeline run; null fields are left as they are.</summary>
public sealed record PipelineRunUpdate(
    PipelineRunStatus? Status = null,
    long? StartTime = null,
    long? EndTime = null,
    string? Message = null,
    bool? CancelRequested = null);
