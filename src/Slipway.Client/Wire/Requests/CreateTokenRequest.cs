namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>POST /api/v1/tokens</c>.</summary>
internal sealed record CreateTokenRequest
{
    public string? Name { get; init; }

    public string? User { get; init; }

    public List<string>? Scopes { get; init; }

    public string? Workspace { get; init; }

    public int? ExpiresInDays { get; init; }
}
