using Slipway.Core.Security;
using Slipway.Core.Stores;
using Slipway.Storage.Sql.Security;

namespace Slipway.Storage.Sql;

/// <summary>The identity and audit part of the store (<see cref="IIdentityStore"/>, <see cref="IAuditLog"/>).</summary>
internal abstract partial class SqlMetadataStore
{
    public Task<User> CreateUserAsync(NewUser user, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => UserRepository.CreateAsync(s, user, ct), cancellationToken);

    public Task<User> GetUserAsync(string name, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => UserRepository.GetAsync(s, name, ct), cancellationToken);

    public Task<IReadOnlyList<User>> ListUsersAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(UserRepository.ListAsync, cancellationToken);

    public Task<string?> GetPasswordHashAsync(string name, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => UserRepository.GetPasswordHashAsync(s, name, ct), cancellationToken);

    public Task SetPasswordHashAsync(string name, string passwordHash, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(UserRepository.SetPasswordHashAsync(s, name, passwordHash, ct)), cancellationToken);

    public Task SetAdminAsync(string name, bool isAdmin, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(UserRepository.SetAdminAsync(s, name, isAdmin, ct)), cancellationToken);

    public Task DeleteUserAsync(string name, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(UserRepository.DeleteAsync(s, name, ct)), cancellationToken);

    public Task<ApiTokenInfo> CreateApiTokenAsync(NewApiToken token, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => ApiTokenRepository.CreateAsync(s, token, ct), cancellationToken);

    public Task<ApiTokenInfo?> FindApiTokenAsync(byte[] tokenHash, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => ApiTokenRepository.FindAsync(s, tokenHash, ct), cancellationToken);

    public Task<IReadOnlyList<ApiTokenInfo>> ListApiTokensAsync(string user, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => ApiTokenRepository.ListAsync(s, user, ct), cancellationToken);

    public Task RevokeApiTokenAsync(string user, string name, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(ApiTokenRepository.RevokeAsync(s, user, name, ct)), cancellationToken);

    public Task TouchApiTokenAsync(long id, long time, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(ApiTokenRepository.TouchAsync(s, id, time, ct)), cancellationToken);

    public Task CreateWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(WorkspaceMemberRepository.CreateWorkspaceAsync(s, workspaceId, ct)), cancellationToken);

    public Task<IReadOnlyList<string>> ListWorkspacesAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(WorkspaceMemberRepository.ListWorkspacesAsync, cancellationToken);

    public Task SetWorkspaceMemberAsync(string workspaceId, string user, WorkspaceRole role, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(WorkspaceMemberRepository.SetMemberAsync(s, workspaceId, user, role, ct)), cancellationToken);

    public Task RemoveWorkspaceMemberAsync(string workspaceId, string user, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(WorkspaceMemberRepository.RemoveMemberAsync(s, workspaceId, user, ct)), cancellationToken);

    public Task<IReadOnlyList<WorkspaceMembership>> ListWorkspaceMembersAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => WorkspaceMemberRepository.ListMembersAsync(s, workspaceId, ct), cancellationToken);

    public Task<IReadOnlyList<WorkspaceMembership>> ListMembershipsAsync(string user, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => WorkspaceMemberRepository.ListMembershipsAsync(s, user, ct), cancellationToken);

    public Task AppendAuditEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(AuditEventRepository.AppendAsync(s, events, ct)), cancellationToken);

    public Task<Page<AuditEvent>> QueryAuditEventsAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => AuditEventRepository.QueryAsync(s, query, ct), cancellationToken);

    public Task SetResourceGrantAsync(ResourceGrant grant, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(ResourceGrantRepository.SetAsync(s, grant, ct)), cancellationToken);

    public Task<ResourceGrant?> GetResourceGrantAsync(string workspaceId, GrantedResource kind, string resourceId, string user, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => ResourceGrantRepository.GetAsync(s, workspaceId, kind, resourceId, user, ct), cancellationToken);

    public Task DeleteResourceGrantAsync(string workspaceId, GrantedResource kind, string resourceId, string user, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(ResourceGrantRepository.DeleteAsync(s, workspaceId, kind, resourceId, user, ct)), cancellationToken);

    public Task<IReadOnlyList<ResourceGrant>> ListResourceGrantsAsync(string user, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => ResourceGrantRepository.ListAsync(s, user, ct), cancellationToken);
}
