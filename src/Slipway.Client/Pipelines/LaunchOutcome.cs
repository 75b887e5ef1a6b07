namespace Slipway.Client.Pipelines;

/// <summary>
/// What a launch did: started or queued <see cref="Run"/>, or started nothing and says why in <see cref="Skipped"/>
/// (the pipeline skips launches while a run is unfinished, or an automatic trigger is in its cooldown).
/// </summary>
public sealed record LaunchOutcome(PipelineRunInfo? Run, string? Skipped)
{
    public bool Started => Run is not null;
}
