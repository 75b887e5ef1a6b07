namespace Slipway.Client.Wire;

/// <summary>A pipeline run; <see cref="Steps"/> only on GET of one run (and the answers of cancel and launch).</summary>
internal sealed record WirePipelineRun
{
    public string? Id { get; init; }

    public string? Pipeline { get; init; }

    public string? Status { get; init; }

    public Dictionary<string, string>? Params { get; init; }

    public string? Trigger { get; init; }

    public string? TriggerDetail { get; init; }

    public string? Creator { get; init; }

    public string? ExperimentId { get; init; }

    public string? Code { get; init; }

    public long CreationTime { get; init; }

    public long? StartTime { get; init; }

    public long? EndTime { get; init; }

    public string? Message { get; init; }

    public bool CancelRequested { get; init; }

    public List<WireStepRun>? Steps { get; init; }
}
