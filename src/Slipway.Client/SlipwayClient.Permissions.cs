using Slipway.Client.Http;
using Slipway.Client.Wire;
using Slipway.Client.Wire.Requests;
using Slipway.Core.Security;

namespace Slipway.Client;

public sealed partial class SlipwayClient
{
    /// <summary>A user's per-resource permissions in every workspace (null: the caller's own; others' need an admin).</summary>
    public async Task<IReadOnlyList<ResourceGrant>> ListPermissionsAsync(string? username = null, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(
            HttpMethod.Get, "permissions" + new QueryStringBuilder().Add("username", username), WireJsonContext.Default.PermissionsResponse, cancellationToken);
        return response.Permissions?.Select(p => p.ToDomain()).ToArray() ?? [];
    }

    /// <summary>
    /// Gives a user a level on one experiment or registered model of the client's <see cref="Workspace"/>, in place
    /// of the level its workspace role gives there. <see cref="AccessLevel.NoPermissions"/> hides the resource from it.
    /// </summary>
    /// <param name="resourceId">The experiment id, or the registered model's name.</param>
    public async Task<ResourceGrant> SetPermissionAsync(
        GrantedResource kind, string resourceId, string username, AccessLevel level, CancellationToken cancellationToken = default)
    {
        var request = new PermissionRequest { Permission = AccessLevels.ToName(level) };
        var response = await NativeAsync(
            HttpMethod.Put, PermissionPath(kind, resourceId, username), request,
            WireJsonContext.Default.PermissionRequest, WireJsonContext.Default.PermissionsResponse, cancellationToken);
        return response.Permissions?.FirstOrDefault()?.ToDomain() ?? throw new InvalidOperationException("The server did not return the permission.");
    }

    /// <summary>Removes a user's permission on one resource, so its workspace role decides again.</summary>
    public async Task DeletePermissionAsync(GrantedResource kind, string resourceId, string username, CancellationToken cancellationToken = default) =>
        await NativeAsync(HttpMethod.Delete, PermissionPath(kind, resourceId, username), WireJsonContext.Default.EmptyResponse, cancellationToken);

    private static string PermissionPath(GrantedResource kind, string resourceId, string username) => kind switch
    {
        GrantedResource.Experiment => $"experiments/{PathSegment(resourceId)}/permissions/{PathSegment(username)}",
        GrantedResource.RegisteredModel => $"models/{PathSegment(resourceId)}/permissions/{PathSegment(username)}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind of resource that takes permissions."),
    };
}
