namespace Slipway.Core.Tracking;

/// <summary>What a caller supplies to create a run.</summary>
public sealed record NewRun(
    string ExperimentId,
    string UserId,
    string? RunName,
    long StartTime,
    IReadOnlyList<Tag> Tags);
