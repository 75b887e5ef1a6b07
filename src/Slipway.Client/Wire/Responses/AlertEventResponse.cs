namespace Slipway.Client.Wire.Responses;

internal sealed record AlertEventResponse
{
    public List<WirePipelineRun>? Started { get; init; }

    public Dictionary<string, string>? Skipped { get; init; }
}
