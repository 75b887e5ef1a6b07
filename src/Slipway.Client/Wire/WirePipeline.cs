namespace Slipway.Client.Wire;

/// <summary>A registered pipeline; <see cref="Spec"/> and <see cref="Summary"/> come with GET of one pipeline and with registration.</summary>
internal sealed record WirePipeline
{
    public string? Name { get; init; }

    public string? Creator { get; init; }

    public long CreationTime { get; init; }

    public long LastUpdatedTime { get; init; }

    public string? Code { get; init; }

    public string? Spec { get; init; }

    public WirePipelineSpecSummary? Summary { get; init; }
}
