namespace Slipway.Client.Wire.Responses;

/// <summary>A launch's answer: the run (started or queued), or why nothing started.</summary>
internal sealed record LaunchResponse
{
    public WirePipelineRun? Run { get; init; }

    public string? Skipped { get; init; }
}
