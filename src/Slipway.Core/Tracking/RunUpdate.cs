namespace Slipway.Core.Tracking;

/// <summary>Fields of a run that can change after creation; null means unchanged.</summary>
public sealed record RunUpdate(RunStatus? Status, long? EndTime, string? RunName);
