namespace Slipway.Core.Pipelines;

/// <summary>
/// Changes to a step; null fields are left as they are. <see cref="ClearProcess"/> forgets the process id once the
/// process has ended; <see cref="Attempt"/>, when set, is recorded (inserted or replaced) in the same transaction.
/// </summary>
public sealed record StepRunUpdate(
    StepStatus? Status = null,
    int? Attempts = null,
    string? TrackingRunId = null,
    string? CacheKey = null,
    string? CachedFrom = null,
    long? StartTime = null,
    long? EndTime = null,
    long? NextAttemptTime = null,
    int? ExitCode = null,
    string? Message = null,
    IReadOnlyDictionary<string, string>? Outputs = null,
    int? ProcessId = null,
    long? ProcessStartTime = null,
    bool ClearProcess = false,
    StepAttempt? Attempt = null);
