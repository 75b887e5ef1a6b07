namespace Slipway.Core.Pipelines;

/// <summary>Names and finality of <see cref="PipelineRunStatus"/> and <see cref="StepStatus"/>, as stored and shown.</summary>
public static class PipelineStatuses
{
    public static bool IsFinal(this PipelineRunStatus status) =>
        status is PipelineRunStatus.Succeeded or PipelineRunStatus.Failed or PipelineRunStatus.Canceled;

    public static bool IsFinal(this StepStatus status) =>
        status is StepStatus.Succeeded or StepStatus.Cached or StepStatus.Failed or StepStatus.Skipped or StepStatus.Canceled;

    /// <summary>True for the final states that let dependents run.</summary>
    public static bool IsDone(this StepStatus status) => status is StepStatus.Succeeded or StepStatus.Cached;

    /// <summary>The stored and displayed name: lower case, such as <c>running</c>.</summary>
    public static string Name(this PipelineRunStatus status) => status switch
    {
        PipelineRunStatus.Queued => "queued",
        PipelineRunStatus.Running => "running",
        PipelineRunStatus.Succeeded => "succeeded",
        PipelineRunStatus.Failed => "failed",
        PipelineRunStatus.Canceled => "canceled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Name(this StepStatus status) => status switch
    {
        StepStatus.Pending => "pending",
        StepStatus.Waiting => "waiting",
        StepStatus.Running => "running",
        StepStatus.Retrying => "retrying",
        StepStatus.Succeeded => "succeeded",
        StepStatus.Cached => "cached",
        StepStatus.Failed => "failed",
        StepStatus.Skipped => "skipped",
        StepStatus.Canceled => "canceled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static PipelineRunStatus ParseRunStatus(string name) => name switch
    {
        "queued" => PipelineRunStatus.Queued,
        "running" => PipelineRunStatus.Running,
        "succeeded" => PipelineRunStatus.Succeeded,
        "failed" => PipelineRunStatus.Failed,
        "canceled" => PipelineRunStatus.Canceled,
        _ => throw Errors.SlipwayException.Invalid($"Invalid pipeline run status '{name}': expected queued, running, succeeded, failed or canceled."),
    };

    public static StepStatus ParseStepStatus(string name) => name switch
    {
        "pending" => StepStatus.Pending,
        "waiting" => StepStatus.Waiting,
        "running" => StepStatus.Running,
        "retrying" => StepStatus.Retrying,
        "succeeded" => StepStatus.Succeeded,
        "cached" => StepStatus.Cached,
        "failed" => StepStatus.Failed,
        "skipped" => StepStatus.Skipped,
        "canceled" => StepStatus.Canceled,
        _ => throw Errors.SlipwayException.Invalid($"Invalid step status '{name}'."),
    };
}
