using System.Data.Common;
using System.Globalization;
using Slipway.Core.Registry;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Sql.Registry;

/// <summary>Registered models and their tags. Names are unique per workspace.</summary>
internal static class RegisteredModelRepository
{
    public const string Columns = "m.model_key, m.workspace_id, m.name, m.creation_time, m.last_updated_time, m.user_id, m.description";

    public static async Task<RegisteredModel> CreateAsync(
        SqlSession session,
        string workspaceId,
        string name,
        string? description,
        string? userId,
        IReadOnlyList<Tag> tags,
        CancellationToken cancellationToken)
    {
        var now = session.Options.NowMillis();
        await Workspace.EnsureAsync(session, workspaceId, now, cancellationToken);
        var key = await session.ScalarAsync(
            """
            INSERT INTO registered_models (workspace_id, name, creation_time, last_updated_time, description, user_id, next_version)
            VALUES (@ws, @name, @now, @now, @description, @user, 1)
            ON CONFLICT DO NOTHING
            RETURNING model_key
            """,
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", name),
            ("@now", now),
            ("@description", description),
            ("@user", userId));
        if (key is null)
        {
            throw StoreErrors.ModelNameTaken(name);
        }

        foreach (var tag in tags)
        {
            await UpsertTagAsync(session, Convert.ToInt64(key, CultureInfo.InvariantCulture), tag, cancellationToken);
        }

        return await GetAsync(session, workspaceId, name, cancellationToken);
    }

    public static async Task<long> GetKeyAsync(SqlSession session, string workspaceId, string name, CancellationToken cancellationToken)
    {
        var key = await session.ScalarAsync(
            "SELECT model_key FROM registered_models WHERE workspace_id = @ws AND name = @name",
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", name));
        return key is null ? throw StoreErrors.ModelNotFound(name) : Convert.ToInt64(key, CultureInfo.InvariantCulture);
    }

    public static async Task<RegisteredModel> GetAsync(SqlSession session, string workspaceId, string name, CancellationToken cancellationToken)
    {
        (long Key, RegisteredModel Model) row;
        await using (var reader = await session.ReadAsync(
            $"SELECT {Columns} FROM registered_models m WHERE m.workspace_id = @ws AND m.name = @name",
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", name)))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw StoreErrors.ModelNotFound(name);
            }

            row = Read(reader);
        }

        return (await LoadDetailsAsync(session, [row], cancellationToken))[0];
    }

    /// <summary>Renames the model; its versions follow, since they reference the model by key.</summary>
    public static async Task<RegisteredModel> RenameAsync(SqlSession session, string workspaceId, string name, string newName, CancellationToken cancellationToken)
    {
        var key = await GetKeyAsync(session, workspaceId, name, cancellationToken);
        if (newName != name)
        {
            var taken = await session.ScalarAsync(
                "SELECT model_key FROM registered_models WHERE workspace_id = @ws AND name = @name",
                cancellationToken,
                ("@ws", workspaceId),
                ("@name", newName));
            if (taken is not null)
            {
                throw StoreErrors.ModelNameTaken(newName);
            }
        }

        await session.ExecuteAsync(
            "UPDATE registered_models SET name = @name, last_updated_time = @now WHERE model_key = @model",
            cancellationToken,
            ("@name", newName),
            ("@now", session.Options.NowMillis()),
            ("@model", key));
        return await GetAsync(session, workspaceId, newName, cancellationToken);
    }

    public static async Task<RegisteredModel> UpdateAsync(SqlSession session, string workspaceId, string name, string? description, CancellationToken cancellationToken)
    {
        var key = await GetKeyAsync(session, workspaceId, name, cancellationToken);
        await session.ExecuteAsync(
            "UPDATE registered_models SET description = @description, last_updated_time = @now WHERE model_key = @model",
            cancellationToken,
            ("@description", description),
            ("@now", session.Options.NowMillis()),
            ("@model", key));
        return await GetAsync(session, workspaceId, name, cancellationToken);
    }

    /// <summary>Deletes the model with its versions, tags and aliases.</summary>
    public static async Task DeleteAsync(SqlSession session, string workspaceId, string name, CancellationToken cancellationToken)
    {
        var key = await GetKeyAsync(session, workspaceId, name, cancellationToken);
        foreach (var table in new[] { "registered_model_aliases", "model_version_tags", "model_versions", "registered_model_tags", "registered_models" })
        {
            await session.ExecuteAsync($"DELETE FROM {table} WHERE model_key = @model", cancellationToken, ("@model", key));
        }
    }

    public static async Task SetTagAsync(SqlSession session, string workspaceId, string name, Tag tag, CancellationToken cancellationToken)
    {
        var key = await GetKeyAsync(session, workspaceId, name, cancellationToken);
        await UpsertTagAsync(session, key, tag, cancellationToken);
        await TouchAsync(session, key, session.Options.NowMillis(), cancellationToken);
    }

    /// <summary>Removes a tag; a tag that is not there is not an error (as in MLflow).</summary>
    public static async Task DeleteTagAsync(SqlSession session, string workspaceId, string name, string tagKey, CancellationToken cancellationToken)
    {
        var key = await GetKeyAsync(session, workspaceId, name, cancellationToken);
        var deleted = await session.ExecuteAsync(
            "DELETE FROM registered_model_tags WHERE model_key = @model AND key = @key",
            cancellationToken,
            ("@model", key),
            ("@key", tagKey));
        if (deleted > 0)
        {
            await TouchAsync(session, key, session.Options.NowMillis(), cancellationToken);
        }
    }

    public static Task TouchAsync(SqlSession session, long modelKey, long now, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            "UPDATE registered_models SET last_updated_time = @now WHERE model_key = @model",
            cancellationToken,
            ("@now", now),
            ("@model", modelKey));

    /// <summary>Reads the model columns (<see cref="Columns"/>) from column 0; details come later.</summary>
    public static (long Key, RegisteredModel Model) Read(DbDataReader reader) =>
        (reader.GetInt64(0),
         new RegisteredModel(
             reader.GetString(1),
             reader.GetString(2),
             reader.GetInt64(3),
             reader.GetInt64(4),
             reader.GetNullableString(5),
             reader.GetNullableString(6),
             [],
             [],
             []));

    /// <summary>Fills in latest versions, tags and aliases of models with one query each.</summary>
    public static async Task<IReadOnlyList<RegisteredModel>> LoadDetailsAsync(
        SqlSession session,
        IReadOnlyList<(long Key, RegisteredModel Model)> rows,
        CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var keys = rows.Select(r => r.Key).ToArray();
        var tags = await KeyedRows.LoadAsync(
            session,
            "SELECT model_key, key, value FROM registered_model_tags WHERE {keys} ORDER BY model_key, key",
            "model_key",
            keys,
            reader => new Tag(reader.GetString(1), reader.GetString(2)),
            cancellationToken);
        var aliases = await KeyedRows.LoadAsync(
            session,
            "SELECT model_key, alias, version FROM registered_model_aliases WHERE {keys} ORDER BY model_key, alias",
            "model_key",
            keys,
            reader => new RegisteredModelAlias(reader.GetString(1), reader.GetInt64(2).ToString(CultureInfo.InvariantCulture)),
            cancellationToken);
        var latest = await ModelVersionRepository.LoadLatestPerStageAsync(session, keys, cancellationToken);
        return [.. rows.Select(r => r.Model with
        {
            LatestVersions = latest.For(r.Key),
            Tags = tags.For(r.Key),
            Aliases = aliases.For(r.Key),
        })];
    }

    private static Task<int> UpsertTagAsync(SqlSession session, long modelKey, Tag tag, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            """
            INSERT INTO registered_model_tags (model_key, key, value) VALUES (@model, @key, @value)
            ON CONFLICT (model_key, key) DO UPDATE SET value = excluded.value
            """,
            cancellationToken,
            ("@model", modelKey),
            ("@key", tag.Key),
            ("@value", tag.Value));
}
