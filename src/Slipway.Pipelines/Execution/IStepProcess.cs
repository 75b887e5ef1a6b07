namespace Slipway.Pipelines.Execution;

/// <summary>A started step process (with everything it started, in one process group).</summary>
public interface IStepProcess : IAsyncDisposable
{
    int ProcessId { get; }

    /// <summary>When the process started, in the units of <c>/proc/&lt;pid&gt;/stat</c>; with the id, names the process across restarts.</summary>
    long StartTime { get; }

    /// <summary>Completes when the process has exited and its output is flushed to the log files.</summary>
    Task<StepExit> Completion { get; }

    /// <summary>Ends the whole process group (grandchildren included): SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    Task KillAsync(TimeSpan grace);
}
