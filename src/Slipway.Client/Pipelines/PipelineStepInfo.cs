using Slipway.Core.Pipelines;

namespace Slipway.Client.Pipelines;

/// <summary>
/// One step of a pipeline run. A sweep's variants are steps of their own, named like <c>train[lr=0.1]</c>, with
/// <see cref="Sweep"/> naming the sweep, whose <see cref="Variants"/> list them and whose <see cref="Matrix"/> is
/// null. <see cref="RunId"/> is the step's nested tracking run; <see cref="CachedFrom"/> the earlier run whose outputs
/// a cache hit reused; <see cref="Outputs"/> maps each output to its artifact path. <see cref="NextAttemptTime"/> is
/// set while a failed attempt waits out its retry backoff. Times are milliseconds since the Unix epoch.
/// </summary>
public sealed record PipelineStepInfo(
    string Name,
    StepStatus Status,
    int Attempts,
    string? RunId,
    string? CachedFrom,
    long? StartTime,
    long? EndTime,
    long? NextAttemptTime,
    int? ExitCode,
    string? Message,
    IReadOnlyDictionary<string, string> Outputs,
    string? Sweep,
    IReadOnlyList<string> Variants,
    IReadOnlyDictionary<string, string>? Matrix,
    IReadOnlyList<string> DependsOn,
    IReadOnlyList<StepAttemptInfo> AttemptHistory)
{
    /// <summary>Succeeded, cached, failed, skipped or canceled.</summary>
    public bool IsFinal => Status.IsFinal();
}
