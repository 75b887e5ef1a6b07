using Slipway.Core.Errors;
using Slipway.Core.Security;

namespace Slipway.Storage.Sql.Security;

/// <summary>The workspaces table as the identity store sees it, and workspace_members.</summary>
internal static class WorkspaceMemberRepository
{
    public static async Task CreateWorkspaceAsync(SqlSession session, string workspaceId, CancellationToken cancellationToken)
    {
        var inserted = await session.ScalarAsync(
            "INSERT INTO workspaces (workspace_id, creation_time) VALUES (@ws, @now) ON CONFLICT DO NOTHING RETURNING workspace_id",
            cancellationToken,
            ("@ws", workspaceId),
            ("@now", session.Options.NowMillis()));
        if (inserted is null)
        {
            throw SlipwayException.AlreadyExists($"Workspace '{workspaceId}' already exists.");
        }
    }

    public static async Task<IReadOnlyList<string>> ListWorkspacesAsync(SqlSession session, CancellationToken cancellationToken)
    {
        var workspaces = new List<string>();
        await using var reader = await session.ReadAsync("SELECT workspace_id FROM workspaces ORDER BY workspace_id", cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            workspaces.Add(reader.GetString(0));
        }

        return workspaces;
    }

    public static async Task SetMemberAsync(SqlSession session, string workspaceId, string user, WorkspaceRole role, CancellationToken cancellationToken)
    {
        await RequireWorkspaceAsync(session, workspaceId, cancellationToken);
        var changed = await session.ExecuteAsync(
            """
            INSERT INTO workspace_members (workspace_id, user_id, role)
            SELECT @ws, user_id, @role FROM users WHERE name = @user
            ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role
            """,
            cancellationToken,
            ("@ws", workspaceId),
            ("@role", WorkspaceRoleNames.ToName(role)),
            ("@user", user));
        if (changed == 0)
        {
            throw StoreErrors.UserNotFound(user);
        }
    }

    public static async Task RemoveMemberAsync(SqlSession session, string workspaceId, string user, CancellationToken cancellationToken)
    {
        var removed = await session.ExecuteAsync(
            "DELETE FROM workspace_members WHERE workspace_id = @ws AND user_id = (SELECT user_id FROM users WHERE name = @user)",
            cancellationToken,
            ("@ws", workspaceId),
            ("@user", user));
        if (removed == 0)
        {
            throw SlipwayException.NotFound($"User {user} is not a member of workspace '{workspaceId}'.");
        }
    }

    public static async Task<IReadOnlyList<WorkspaceMembership>> ListMembersAsync(SqlSession session, string workspaceId, CancellationToken cancellationToken)
    {
        await RequireWorkspaceAsync(session, workspaceId, cancellationToken);
        return await ReadAsync(
            session,
            "SELECT m.workspace_id, u.name, m.role FROM workspace_members m JOIN users u ON u.user_id = m.user_id WHERE m.workspace_id = @key ORDER BY u.name",
            workspaceId,
            cancellationToken);
    }

    public static Task<IReadOnlyList<WorkspaceMembership>> ListMembershipsAsync(SqlSession session, string user, CancellationToken cancellationToken) =>
        ReadAsync(
            session,
            "SELECT m.workspace_id, u.name, m.role FROM workspace_members m JOIN users u ON u.user_id = m.user_id WHERE u.name = @key ORDER BY m.workspace_id",
            user,
            cancellationToken);

    private static async Task<IReadOnlyList<WorkspaceMembership>> ReadAsync(SqlSession session, string sql, string key, CancellationToken cancellationToken)
    {
        var members = new List<WorkspaceMembership>();
        await using var reader = await session.ReadAsync(sql, cancellationToken, ("@key", key));
        while (await reader.ReadAsync(cancellationToken))
        {
            var role = reader.GetString(2);
            members.Add(new WorkspaceMembership(
                reader.GetString(0),
                reader.GetString(1),
                WorkspaceRoleNames.TryParse(role, out var parsed) ? parsed : throw new InvalidDataException($"Unknown workspace role '{role}' in the store.")));
        }

        return members;
    }

    private static async Task RequireWorkspaceAsync(SqlSession session, string workspaceId, CancellationToken cancellationToken)
    {
        if (await session.ScalarAsync("SELECT 1 FROM workspaces WHERE workspace_id = @ws", cancellationToken, ("@ws", workspaceId)) is null)
        {
            throw SlipwayException.NotFound($"Workspace '{workspaceId}' not found.");
        }
    }
}
