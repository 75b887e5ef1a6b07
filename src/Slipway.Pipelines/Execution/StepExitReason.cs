namespace Slipway.Pipelines.Execution;

public enum StepExitReason
{
    /// <summary>The process exited by itself (any exit code).</summary>
    Exited,

    /// <summary><see cref="IStepProcess.KillAsync"/> ended it.</summary>
    Killed,
    TimedOut,
    MemoryLimitExceeded,

    /// <summary>The process could not be started (no such working directory, no bash, ...).</summary>
    StartFailed,
}
