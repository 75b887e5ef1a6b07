namespace Slipway.Client.Wire.Responses;

/// <summary>Response of <c>runs/create</c> and <c>runs/get</c>.</summary>
internal sealed record RunResponse
{
    public WireRun? Run { get; init; }
}
