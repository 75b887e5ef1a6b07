namespace Slipway.Core.Pipelines;

/// <summary>Where a pipeline run stands. Succeeded, failed and canceled are final.</summary>
public enum PipelineRunStatus
{
    /// <summary>Waiting to start: behind another run of the same pipeline (concurrency <c>queue</c>), or not yet picked up.</summary>
    Queued,
    Running,
    Succeeded,
    Failed,
    Canceled,
}
