namespace Slipway.Client.Wire.Responses;

/// <summary>Response of <c>POST /api/v1/tokens</c>: the only time the server shows the token itself.</summary>
internal sealed record CreateTokenResponse
{
    public string? Token { get; init; }

    public WireToken? Info { get; init; }
}
