namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>POST /api/v1/setup</c>.</summary>
internal sealed record SetupRequest
{
    public string? SetupToken { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }
}
