namespace Slipway.Client.Wire.Responses;

internal sealed record UpdateRunResponse
{
    public WireRunInfo? RunInfo { get; init; }
}
