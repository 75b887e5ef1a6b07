using System.Globalization;
using Slipway.Core.Errors;
using Slipway.Core.Security;
using Slipway.Storage.Sql.Registry;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Sql.Security;

/// <summary>experiment_grants and registered_model_grants: per-resource levels that replace a user's workspace role.</summary>
internal static class ResourceGrantRepository
{
    public static async Task SetAsync(SqlSession session, ResourceGrant grant, CancellationToken cancellationToken)
    {
        var (table, column, key) = await ResolveAsync(session, grant.WorkspaceId, grant.Kind, grant.ResourceId, cancellationToken);
        var userKey = await UserRepository.GetKeyAsync(session, grant.User, cancellationToken);
        await session.ExecuteAsync(
            $"""
            INSERT INTO {table} ({column}, user_id, level) VALUES (@resource, @user, @level)
            ON CONFLICT ({column}, user_id) DO UPDATE SET level = excluded.level
            """,
            cancellationToken,
            ("@resource", key),
            ("@user", userKey),
            ("@level", AccessLevels.ToName(grant.Level)));
    }

    public static async Task<ResourceGrant?> GetAsync(
        SqlSession session, string workspaceId, GrantedResource kind, string resourceId, string user, CancellationToken cancellationToken)
    {
        var (table, column, key) = await ResolveAsync(session, workspaceId, kind, resourceId, cancellationToken);
        var level = await session.ScalarAsync(
            $"SELECT g.level FROM {table} g JOIN users u ON u.user_id = g.user_id WHERE g.{column} = @resource AND u.name = @user",
            cancellationToken,
            ("@resource", key),
            ("@user", user));
        return level is null ? null : new ResourceGrant(workspaceId, kind, resourceId, user, ParseLevel((string)level));
    }

    public static async Task DeleteAsync(
        SqlSession session, string workspaceId, GrantedResource kind, string resourceId, string user, CancellationToken cancellationToken)
    {
        var (table, column, key) = await ResolveAsync(session, workspaceId, kind, resourceId, cancellationToken);
        var removed = await session.ExecuteAsync(
            $"DELETE FROM {table} WHERE {column} = @resource AND user_id = (SELECT user_id FROM users WHERE name = @user)",
            cancellationToken,
            ("@resource", key),
            ("@user", user));
        if (removed == 0)
        {
            throw SlipwayException.NotFound($"User {user} has no permission on {Describe(kind, resourceId)}.");
        }
    }

    public static async Task<IReadOnlyList<ResourceGrant>> ListAsync(SqlSession session, string user, CancellationToken cancellationToken)
    {
        var grants = new List<ResourceGrant>();
        await using (var reader = await session.ReadAsync(
            """
            SELECT e.workspace_id, e.experiment_id, g.level FROM experiment_grants g
            JOIN experiments e ON e.experiment_id = g.experiment_id
            JOIN users u ON u.user_id = g.user_id
            WHERE u.name = @user ORDER BY e.workspace_id, e.experiment_id
            """,
            cancellationToken,
            ("@user", user)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                grants.Add(new ResourceGrant(
                    reader.GetString(0), GrantedResource.Experiment, ExperimentIds.Format(reader.GetInt64(1)), user, ParseLevel(reader.GetString(2))));
            }
        }

        await using (var reader = await session.ReadAsync(
            """
            SELECT m.workspace_id, m.name, g.level FROM registered_model_grants g
            JOIN registered_models m ON m.model_key = g.model_key
            JOIN users u ON u.user_id = g.user_id
            WHERE u.name = @user ORDER BY m.workspace_id, m.name
            """,
            cancellationToken,
            ("@user", user)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                grants.Add(new ResourceGrant(reader.GetString(0), GrantedResource.RegisteredModel, reader.GetString(1), user, ParseLevel(reader.GetString(2))));
            }
        }

        return grants;
    }

    private static async Task<(string Table, string Column, long Key)> ResolveAsync(
        SqlSession session, string workspaceId, GrantedResource kind, string resourceId, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case GrantedResource.Experiment:
                var found = ExperimentIds.TryParse(resourceId, out var experimentId)
                    ? await session.ScalarAsync(
                        "SELECT 1 FROM experiments WHERE experiment_id = @id AND workspace_id = @ws",
                        cancellationToken,
                        ("@id", experimentId),
                        ("@ws", workspaceId))
                    : null;
                return found is null ? throw StoreErrors.ExperimentNotFound(resourceId) : ("experiment_grants", "experiment_id", experimentId);
            case GrantedResource.RegisteredModel:
                return ("registered_model_grants", "model_key", await RegisteredModelRepository.GetKeyAsync(session, workspaceId, resourceId, cancellationToken));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a granted resource kind.");
        }
    }

    private static AccessLevel ParseLevel(string name) =>
        AccessLevels.TryParse(name, out var level) ? level : throw new InvalidDataException($"Unknown access level '{name}' in the store.");

    private static string Describe(GrantedResource kind, string resourceId) => kind == GrantedResource.Experiment
        ? string.Create(CultureInfo.InvariantCulture, $"experiment {resourceId}")
        : $"registered model {resourceId}";
}
