using Slipway.Core.Pipelines;

namespace Slipway.Client.Pipelines;

/// <summary>One attempt at a step, numbered from 1; <see cref="Status"/> is running until the attempt ends.</summary>
public sealed record StepAttemptInfo(int Number, StepStatus Status, long StartTime, long? EndTime, int? ExitCode, string? Message);
