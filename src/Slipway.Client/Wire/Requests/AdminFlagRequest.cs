namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>PUT /api/v1/users/{username}/admin</c>.</summary>
internal sealed record AdminFlagRequest
{
    public bool? Admin { get; init; }
}
