namespace Slipway.Client.Wire;

internal sealed record WireStepRun
{
    public string? Name { get; init; }

    public string? Status { get; init; }

    public int Attempts { get; init; }

    public string? RunId { get; init; }

    public string? CachedFrom { get; init; }

    public long? StartTime { get; init; }

    public long? EndTime { get; init; }

    public long? NextAttemptTime { get; init; }

    public int? ExitCode { get; init; }

    public string? Message { get; init; }

    public Dictionary<string, string>? Outputs { get; init; }

    public string? Sweep { get; init; }

    public List<string>? Variants { get; init; }

    public Dictionary<string, string>? Matrix { get; init; }

    public List<string>? DependsOn { get; init; }

    public List<WireStepAttempt>? AttemptHistory { get; init; }
}
