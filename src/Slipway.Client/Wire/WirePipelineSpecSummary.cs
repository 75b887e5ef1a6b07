namespace Slipway.Client.Wire;

/// <summary>What a pipeline file declares, as the server understood it (validate, register, GET of one pipeline).</summary>
internal sealed record WirePipelineSpecSummary
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? Experiment { get; init; }

    public List<WirePipelineParam>? Params { get; init; }

    public List<WirePipelineStepSummary>? Steps { get; init; }

    public List<string>? Triggers { get; init; }

    public string? Concurrency { get; init; }

    public double CooldownSeconds { get; init; }
}
