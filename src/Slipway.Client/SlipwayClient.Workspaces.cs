using Slipway.Client.Wire;
using Slipway.Client.Wire.Requests;
using Slipway.Core.Security;

namespace Slipway.Client;

public sealed partial class SlipwayClient
{
    /// <summary>The workspaces the caller can see (every one, for admins) and its role in each.</summary>
    public async Task<IReadOnlyList<WorkspaceInfo>> ListWorkspacesAsync(CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, "workspaces", WireJsonContext.Default.WorkspacesResponse, cancellationToken);
        return response.Workspaces?.Select(w => w.ToDomain()).ToArray() ?? [];
    }

    /// <summary>Creates a workspace (admins only), optionally with <paramref name="owner"/> as its first owner.</summary>
    public async Task<WorkspaceInfo> CreateWorkspaceAsync(string workspace, string? owner = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspace);
        var request = new CreateWorkspaceRequest { Workspace = workspace, Owner = owner };
        var response = await NativeAsync(
            HttpMethod.Post, "workspaces", request, WireJsonContext.Default.CreateWorkspaceRequest, WireJsonContext.Default.WorkspacesResponse, cancellationToken);
        return response.Workspaces?.FirstOrDefault()?.ToDomain() ?? throw new InvalidOperationException("The server did not return the workspace.");
    }

    /// <summary>The members of a workspace and their roles.</summary>
    public async Task<IReadOnlyList<WorkspaceMembership>> ListWorkspaceMembersAsync(string workspace, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, $"workspaces/{PathSegment(workspace)}/members", WireJsonContext.Default.MembersResponse, cancellationToken);
        return response.Members?.Select(m => m.ToDomain()).ToArray() ?? [];
    }

    /// <summary>Gives a user a role in a workspace, replacing any role it had there (the workspace's owners, or admins).</summary>
    public async Task<WorkspaceMembership> SetWorkspaceMemberAsync(
        string workspace, string username, WorkspaceRole role, CancellationToken cancellationToken = default)
    {
        var request = new RoleRequest { Role = WorkspaceRoleNames.ToName(role) };
        var response = await NativeAsync(
            HttpMethod.Put, $"workspaces/{PathSegment(workspace)}/members/{PathSegment(username)}", request,
            WireJsonContext.Default.RoleRequest, WireJsonContext.Default.MembersResponse, cancellationToken);
        return response.Members?.FirstOrDefault()?.ToDomain() ?? throw new InvalidOperationException("The server did not return the membership.");
    }

    /// <summary>Removes a user from a workspace (the workspace's owners, or admins).</summary>
    public async Task RemoveWorkspaceMemberAsync(string workspace, string username, CancellationToken cancellationToken = default) =>
        await NativeAsync(
            HttpMethod.Delete, $"workspaces/{PathSegment(workspace)}/members/{PathSegment(username)}", WireJsonContext.Default.EmptyResponse, cancellationToken);
}
