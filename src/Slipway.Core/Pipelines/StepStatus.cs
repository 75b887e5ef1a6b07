namespace Slipway.Core.Pipelines;

/// <summary>Where one step of a pipeline run stands. Succeeded, cached, failed, skipped and canceled are final.</summary>
public enum StepStatus
{
    /// <summary>Upstream steps have not finished.</summary>
    Pending,

    /// <summary>Ready, waiting for its CPU, memory or GPU request to fit in what is free.</summary>
    Waiting,
    Running,

    /// <summary>An attempt failed and the next one waits out the retry backoff.</summary>
    Retrying,
    Succeeded,

    /// <summary>Finished without running: an earlier run with the same cache key supplied its outputs.</summary>
    Cached,
    Failed,

    /// <summary>Its <c>when</c> condition was false, or an upstream step was skipped or failed.</summary>
    Skipped,
    Canceled,
}
