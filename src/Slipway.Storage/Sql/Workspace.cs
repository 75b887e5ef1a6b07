namespace Slipway.Storage.Sql;

/// <summary>The workspaces table: a workspace comes into being with the first resource created in it.</summary>
internal static class Workspace
{
    public static Task EnsureAsync(SqlSession session, string workspaceId, long now, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            "INSERT INTO workspaces (workspace_id, creation_time) VALUES (@ws, @now) ON CONFLICT DO NOTHING",
            cancellationToken,
            ("@ws", workspaceId),
            ("@now", now));
}
