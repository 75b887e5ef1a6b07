namespace Slipway.Client.Wire;

internal sealed record WirePipelineStepSummary
{
    public string? Name { get; init; }

    public string? Action { get; init; }

    public List<string>? DependsOn { get; init; }
}
