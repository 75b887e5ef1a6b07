namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>PUT /api/v1/workspaces/{workspace}/members/{username}</c>.</summary>
internal sealed record RoleRequest
{
    public string? Role { get; init; }
}
