namespace Slipway.Client.Logging;

/// <summary>How an <see cref="ActiveRun"/> buffers and sends what it logs.</summary>
public sealed class ActiveRunOptions
{
    /// <summary>How often buffered values are sent. A full request's worth is sent at once, without waiting.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Retries of a request that failed for a transient reason (unreachable server, 5xx, 429) before the failure is reported.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Delay before the first retry; each further retry waits twice as long.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long the process-exit hook may spend flushing and ending runs that were not disposed.</summary>
    public TimeSpan ProcessExitTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Clock for metric timestamps and the end time.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FlushInterval, TimeSpan.Zero, nameof(FlushInterval));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero, nameof(RetryDelay));
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
