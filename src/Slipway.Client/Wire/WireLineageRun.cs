namespace Slipway.Client.Wire;

internal sealed record WireLineageRun
{
    public string? RunId { get; init; }

    public string? ExperimentId { get; init; }

    public string? RunName { get; init; }

    public string? Status { get; init; }
}
