namespace Slipway.Core.Pipelines;

/// <summary>
/// A step result kept for reuse: the step run that produced it under <see cref="Key"/>, and its outputs as artifact
/// paths of <see cref="TrackingRunId"/>.
/// </summary>
public sealed record StepCacheEntry(
    string Key,
    string Pipeline,
    string Step,
    string PipelineRunId,
    string TrackingRunId,
    IReadOnlyDictionary<string, string> Outputs,
    long CreationTime);
