namespace Slipway.Pipelines.Orchestration;

/// <summary>Settings of the orchestrator, fixed when the server starts (the tracking URI once its port is bound).</summary>
public sealed class PipelineOrchestratorOptions
{
    /// <summary>Where step directories and step logs live: <c>&lt;data dir&gt;/pipelines</c>.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>The server's own address, handed to steps as <c>MLFLOW_TRACKING_URI</c>; set once the server listens.</summary>
    public string TrackingUri { get; set; } = string.Empty;

    /// <summary>How often a running step's CPU, memory and GPU use is logged as metrics of its run.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a canceled step gets between SIGTERM and SIGKILL.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Keep the directories of steps that succeeded (failed steps' directories are always kept for inspection).</summary>
    public bool KeepStepDirectories { get; init; }
}
