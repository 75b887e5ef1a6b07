namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>PUT /api/v1/experiments/{id}/permissions/{username}</c> and its registered-model twin.</summary>
internal sealed record PermissionRequest
{
    public string? Permission { get; init; }
}
