namespace Slipway.Pipelines.Execution;

/// <summary>
/// How a step process ended: its exit code (null when killed by a signal or never started), why, a sentence for the
/// user (such as <c>exceeded its memory limit of 512 MiB (peak 530 MiB)</c>) and the peak resident memory seen.
/// </summary>
public sealed record StepExit(int? ExitCode, StepExitReason Reason, string? Detail, long PeakMemoryBytes);
