namespace Slipway.Client.Wire.Responses;

internal sealed record MembersResponse
{
    public List<WireMember>? Members { get; init; }
}
