namespace Slipway.Core.Pipelines;

/// <summary>
/// One step of a pipeline run (a sweep variant is a step of its own, named like <c>train[lr=0.1]</c>).
/// <see cref="Attempts"/> counts the attempts started; <see cref="TrackingRunId"/> is the nested tracking run the step
/// logs into; <see cref="CachedFrom"/> names the earlier step run whose outputs a cache hit reused;
/// <see cref="Outputs"/> maps each declared output to its artifact path in the step's run (or, for a cache hit, in
/// <see cref="CachedFrom"/>). <see cref="ProcessId"/> and <see cref="ProcessStartTime"/> identify the running process
/// group so a restarted server can find and end what it lost.
/// </summary>
public sealed record StepRun(
    string PipelineRunId,
    string Name,
    StepStatus Status,
    int Attempts,
    string? TrackingRunId,
    string? CacheKey,
    string? CachedFrom,
    long? StartTime,
    long? EndTime,
    long? NextAttemptTime,
    int? ExitCode,
    string? Message,
    IReadOnlyDictionary<string, string> Outputs,
    int? ProcessId,
    long? ProcessStartTime);
