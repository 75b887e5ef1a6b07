using Slipway.Core.Pipelines;

namespace Slipway.Pipelines.Orchestration;

/// <summary>The run a launch started or queued, or why it started nothing (concurrency <c>skip-if-running</c>, cooldown).</summary>
public sealed record LaunchResult(PipelineRun? Run, string? Skipped)
{
    public static LaunchResult Started(PipelineRun run) => new(run, null);

    public static LaunchResult NotStarted(string why) => new(null, why);
}
