namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>PUT /api/v1/users/{username}/password</c>.</summary>
internal sealed record PasswordRequest
{
    public string? Password { get; init; }
}
