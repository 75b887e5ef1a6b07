using Slipway.Core.Security;

namespace Slipway.Core.Stores;

/// <summary>
/// Persistence of the server's identities (ADR 0007). User names are unique across the server and
/// case-sensitive, as MLflow's are. Passwords arrive and leave only as hashes.
/// </summary>
public interface IIdentityStore
{
    /// <exception cref="Errors.SlipwayException">RESOURCE_ALREADY_EXISTS when the name is taken.</exception>
    Task<User> CreateUserAsync(NewUser user, CancellationToken cancellationToken = default);

    Task<User> GetUserAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every user, by name.</summary>
    Task<IReadOnlyList<User>> ListUsersAsync(CancellationToken cancellationToken = default);

    /// <summary>The user's password hash; null when there is no such user or it has no password (a service account).</summary>
    Task<string?> GetPasswordHashAsync(string name, CancellationToken cancellationToken = default);

    Task SetPasswordHashAsync(string name, string passwordHash, CancellationToken cancellationToken = default);

    Task SetAdminAsync(string name, bool isAdmin, CancellationToken cancellationToken = default);

    Task DeleteUserAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Records a token of an existing user; its name is unique among that user's tokens.</summary>
    Task<ApiTokenInfo> CreateApiTokenAsync(NewApiToken token, CancellationToken cancellationToken = default);

    /// <summary>The token with this hash, revoked and expired ones included (the caller decides); null when there is none.</summary>
    Task<ApiTokenInfo?> FindApiTokenAsync(byte[] tokenHash, CancellationToken cancellationToken = default);

    /// <summary>The user's tokens, by name.</summary>
    Task<IReadOnlyList<ApiTokenInfo>> ListApiTokensAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>Revokes the user's token of this name; revoking it again keeps the first revocation time.</summary>
    Task RevokeApiTokenAsync(string user, string name, CancellationToken cancellationToken = default);

    /// <summary>Records that the token was used at <paramref name="time"/> (a missing token is ignored).</summary>
    Task TouchApiTokenAsync(long id, long time, CancellationToken cancellationToken = default);

    /// <summary>Creates an empty workspace.</summary>
    /// <exception cref="Errors.SlipwayException">RESOURCE_ALREADY_EXISTS when it exists.</exception>
    Task CreateWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>Every workspace id, in order.</summary>
    Task<IReadOnlyList<string>> ListWorkspacesAsync(CancellationToken cancellationToken = default);

    /// <summary>Gives an existing user a role in an existing workspace, replacing any role it had there.</summary>
    Task SetWorkspaceMemberAsync(string workspaceId, string user, WorkspaceRole role, CancellationToken cancellationToken = default);

    Task RemoveWorkspaceMemberAsync(string workspaceId, string user, CancellationToken cancellationToken = default);

    /// <summary>The workspace's members, by user name.</summary>
    Task<IReadOnlyList<WorkspaceMembership>> ListWorkspaceMembersAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>The user's memberships, by workspace (none for an unknown user).</summary>
    Task<IReadOnlyList<WorkspaceMembership>> ListMembershipsAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>Gives an existing user a level on an existing experiment or registered model of the workspace, replacing any it had.</summary>
    /// <exception cref="Errors.SlipwayException">RESOURCE_DOES_NOT_EXIST when the user or the resource is missing.</exception>
    Task SetResourceGrantAsync(ResourceGrant grant, CancellationToken cancellationToken = default);

    /// <summary>The user's grant on the resource; null when it has none.</summary>
    Task<ResourceGrant?> GetResourceGrantAsync(string workspaceId, GrantedResource kind, string resourceId, string user, CancellationToken cancellationToken = default);

    /// <exception cref="Errors.SlipwayException">RESOURCE_DOES_NOT_EXIST when there is no such grant.</exception>
    Task DeleteResourceGrantAsync(string workspaceId, GrantedResource kind, string resourceId, string user, CancellationToken cancellationToken = default);

    /// <summary>Every grant the user holds, by workspace, kind and resource (none for an unknown user).</summary>
    Task<IReadOnlyList<ResourceGrant>> ListResourceGrantsAsync(string user, CancellationToken cancellationToken = default);
}
