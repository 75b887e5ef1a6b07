namespace Slipway.Client.Wire.Responses;

internal sealed record PermissionsResponse
{
    public List<WirePermission>? Permissions { get; init; }
}
