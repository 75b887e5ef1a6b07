namespace Slipway.Client.Wire.Responses;

/// <summary>Response of <c>GET /api/v1/me</c>.</summary>
internal sealed record WhoAmIResponse
{
    public WireUser? User { get; init; }

    public string? Method { get; init; }

    public List<string>? Scopes { get; init; }

    public string? TokenWorkspace { get; init; }

    public List<WireMember>? Memberships { get; init; }
}
