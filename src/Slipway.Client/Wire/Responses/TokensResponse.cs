namespace Slipway.Client.Wire.Responses;

internal sealed record TokensResponse
{
    public List<WireToken>? Tokens { get; init; }
}
