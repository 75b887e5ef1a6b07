namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>POST /api/v1/users</c>.</summary>
internal sealed record CreateUserRequest
{
    public string? Username { get; init; }

    public string? Password { get; init; }

    public bool? Admin { get; init; }

    public bool? ServiceAccount { get; init; }
}
