using System.Data.Common;
using System.Globalization;
using Slipway.Core.Registry;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Sql.Registry;

/// <summary>Model versions: numbering, stages, tags and the aliases that point at them.</summary>
internal static class ModelVersionRepository
{
    /// <summary>Version columns; the query must join registered_models as m.</summary>
    public const string Columns =
        "v.model_key, m.name, v.version, v.creation_time, v.last_updated_time, v.user_id, v.current_stage, v.description, v.source, v.run_id, v.run_link, v.status, v.status_message";

    public static async Task<ModelVersion> CreateAsync(SqlSession session, string workspaceId, NewModelVersion version, CancellationToken cancellationToken)
    {
        var now = session.Options.NowMillis();
        var modelKey = await RegisteredModelRepository.GetKeyAsync(session, workspaceId, version.Name, cancellationToken);
        var number = Convert.ToInt64(
            await session.ScalarAsync(
                """
                UPDATE registered_models SET next_version = next_version + 1, last_updated_time = @now
                WHERE model_key = @model
                RETURNING next_version - 1
                """,
                cancellationToken,
                ("@now", now),
                ("@model", modelKey)),
            CultureInfo.InvariantCulture);
        await session.ExecuteAsync(
            """
            INSERT INTO model_versions (model_key, version, creation_time, last_updated_time, user_id, current_stage,
                description, source, run_id, run_link, status, status_message)
            VALUES (@model, @version, @now, @now, @user, @stage, @description, @source, @run, @link, @status, NULL)
            """,
            cancellationToken,
            ("@model", modelKey),
            ("@version", number),
            ("@now", now),
            ("@user", version.UserId),
            ("@stage", ModelStage.None),
            ("@description", version.Description),
            ("@source", version.Source),
            ("@run", version.RunId),
            ("@link", version.RunLink),
            ("@status", ModelVersionStatus.Ready.ToName()));
        foreach (var tag in version.Tags)
        {
            await UpsertTagAsync(session, modelKey, number, tag, cancellationToken);
        }

        return await GetAsync(session, workspaceId, version.Name, number, cancellationToken);
    }

    public static async Task<ModelVersion> GetAsync(SqlSession session, string workspaceId, string name, long version, CancellationToken cancellationToken)
    {
        var row = await FindAsync(session, workspaceId, name, version, cancellationToken)
            ?? throw StoreErrors.ModelVersionNotFound(name, version);
        return (await LoadDetailsAsync(session, [row], cancellationToken))[0];
    }

    public static async Task<ModelVersion> UpdateAsync(SqlSession session, string workspaceId, string name, long version, string? description, CancellationToken cancellationToken)
    {
        var modelKey = await GetModelKeyOfVersionAsync(session, workspaceId, name, version, cancellationToken);
        await session.ExecuteAsync(
            "UPDATE model_versions SET description = @description, last_updated_time = @now WHERE model_key = @model AND version = @version",
            cancellationToken,
            ("@description", description),
            ("@now", session.Options.NowMillis()),
            ("@model", modelKey),
            ("@version", version));
        return await GetAsync(session, workspaceId, name, version, cancellationToken);
    }

    /// <summary>Deletes the version, its tags and the aliases pointing at it. Its number is not reused.</summary>
    public static async Task DeleteAsync(SqlSession session, string workspaceId, string name, long version, CancellationToken cancellationToken)
    {
        var modelKey = await GetModelKeyOfVersionAsync(session, workspaceId, name, version, cancellationToken);
        var key = new (string, object?)[] { ("@model", modelKey), ("@version", version) };
        await session.ExecuteAsync("DELETE FROM registered_model_aliases WHERE model_key = @model AND version = @version", cancellationToken, key);
        await session.ExecuteAsync("DELETE FROM model_version_tags WHERE model_key = @model AND version = @version", cancellationToken, key);
        await session.ExecuteAsync("DELETE FROM model_versions WHERE model_key = @model AND version = @version", cancellationToken, key);
        await RegisteredModelRepository.TouchAsync(session, modelKey, session.Options.NowMillis(), cancellationToken);
    }

    public static async Task SetTagAsync(SqlSession session, string workspaceId, string name, long version, Tag tag, CancellationToken cancellationToken)
    {
        var modelKey = await GetModelKeyOfVersionAsync(session, workspaceId, name, version, cancellationToken);
        await UpsertTagAsync(session, modelKey, version, tag, cancellationToken);
        await TouchAsync(session, modelKey, version, cancellationToken);
    }

    /// <summary>Removes a tag; a tag that is not there is not an error (as in MLflow).</summary>
    public static async Task DeleteTagAsync(SqlSession session, string workspaceId, string name, long version, string key, CancellationToken cancellationToken)
    {
        var modelKey = await GetModelKeyOfVersionAsync(session, workspaceId, name, version, cancellationToken);
        var deleted = await session.ExecuteAsync(
            "DELETE FROM model_version_tags WHERE model_key = @model AND version = @version AND key = @key",
            cancellationToken,
            ("@model", modelKey),
            ("@version", version),
            ("@key", key));
        if (deleted > 0)
        {
            await TouchAsync(session, modelKey, version, cancellationToken);
        }
    }

    public static async Task<ModelVersion> TransitionStageAsync(
        SqlSession session,
        string workspaceId,
        string name,
        long version,
        string stage,
        bool archiveExistingVersions,
        CancellationToken cancellationToken)
    {
        if (!ModelStage.TryNormalize(stage, out var target))
        {
            throw StoreErrors.InvalidStage(stage);
        }

        if (archiveExistingVersions && target is not (ModelStage.Staging or ModelStage.Production))
        {
            throw StoreErrors.CannotArchiveFromStage(target);
        }

        var modelKey = await GetModelKeyOfVersionAsync(session, workspaceId, name, version, cancellationToken);
        var now = session.Options.NowMillis();
        if (archiveExistingVersions)
        {
            await session.ExecuteAsync(
                """
                UPDATE model_versions SET current_stage = @archived, last_updated_time = @now
                WHERE model_key = @model AND current_stage = @stage AND version <> @version
                """,
                cancellationToken,
                ("@archived", ModelStage.Archived),
                ("@now", now),
                ("@model", modelKey),
                ("@stage", target),
                ("@version", version));
        }

        await session.ExecuteAsync(
            "UPDATE model_versions SET current_stage = @stage, last_updated_time = @now WHERE model_key = @model AND version = @version",
            cancellationToken,
            ("@stage", target),
            ("@now", now),
            ("@model", modelKey),
            ("@version", version));
        await RegisteredModelRepository.TouchAsync(session, modelKey, now, cancellationToken);
        return await GetAsync(session, workspaceId, name, version, cancellationToken);
    }

    /// <summary>The newest version in each of <paramref name="stages"/> (all stages when empty), in stage order.</summary>
    public static async Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(
        SqlSession session,
        string workspaceId,
        string name,
        IReadOnlyList<string> stages,
        CancellationToken cancellationToken)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            wanted.Add(ModelStage.TryNormalize(stage, out var canonical) ? canonical : throw StoreErrors.InvalidStage(stage));
        }

        var modelKey = await RegisteredModelRepository.GetKeyAsync(session, workspaceId, name, cancellationToken);
        var latest = await LoadLatestPerStageAsync(session, [modelKey], cancellationToken);
        return [.. latest.For(modelKey).Where(v => wanted.Count == 0 || wanted.Contains(v.CurrentStage))];
    }

    /// <summary>The newest version per stage of each model, with tags and aliases, in stage order.</summary>
    public static async Task<Dictionary<long, List<ModelVersion>>> LoadLatestPerStageAsync(SqlSession session, IReadOnlyCollection<long> modelKeys, CancellationToken cancellationToken)
    {
        var rows = await KeyedRows.LoadAsync(
            session,
            $"""
            SELECT {Columns} FROM model_versions v JOIN registered_models m ON m.model_key = v.model_key
            WHERE {"{keys}"} AND v.version = (
                SELECT MAX(l.version) FROM model_versions l WHERE l.model_key = v.model_key AND l.current_stage = v.current_stage)
            """,
            "v.model_key",
            modelKeys,
            Read,
            cancellationToken);
        var flat = rows.Values.SelectMany(r => r).ToList();
        var versions = await LoadDetailsAsync(session, flat, cancellationToken);
        var result = new Dictionary<long, List<ModelVersion>>();
        for (var i = 0; i < flat.Count; i++)
        {
            if (!result.TryGetValue(flat[i].ModelKey, out var list))
            {
                list = [];
                result.Add(flat[i].ModelKey, list);
            }

            list.Add(versions[i]);
        }

        foreach (var list in result.Values)
        {
            list.Sort((a, b) => StageOrder(a.CurrentStage).CompareTo(StageOrder(b.CurrentStage)));
        }

        return result;
    }

    public static async Task SetAliasAsync(SqlSession session, string workspaceId, string name, string alias, long version, CancellationToken cancellationToken)
    {
        var modelKey = await GetModelKeyOfVersionAsync(session, workspaceId, name, version, cancellationToken);
        await session.ExecuteAsync(
            """
            INSERT INTO registered_model_aliases (model_key, alias, version) VALUES (@model, @alias, @version)
            ON CONFLICT (model_key, alias) DO UPDATE SET version = excluded.version
            """,
            cancellationToken,
            ("@model", modelKey),
            ("@alias", alias),
            ("@version", version));
        await RegisteredModelRepository.TouchAsync(session, modelKey, session.Options.NowMillis(), cancellationToken);
    }

    /// <summary>Removes an alias; an alias that is not there is not an error (as in MLflow).</summary>
    public static async Task DeleteAliasAsync(SqlSession session, string workspaceId, string name, string alias, CancellationToken cancellationToken)
    {
        var modelKey = await RegisteredModelRepository.GetKeyAsync(session, workspaceId, name, cancellationToken);
        var deleted = await session.ExecuteAsync(
            "DELETE FROM registered_model_aliases WHERE model_key = @model AND alias = @alias",
            cancellationToken,
            ("@model", modelKey),
            ("@alias", alias));
        if (deleted > 0)
        {
            await RegisteredModelRepository.TouchAsync(session, modelKey, session.Options.NowMillis(), cancellationToken);
        }
    }

    public static async Task<ModelVersion> GetByAliasAsync(SqlSession session, string workspaceId, string name, string alias, CancellationToken cancellationToken)
    {
        var modelKey = await RegisteredModelRepository.GetKeyAsync(session, workspaceId, name, cancellationToken);
        var version = await session.ScalarAsync(
            "SELECT version FROM registered_model_aliases WHERE model_key = @model AND alias = @alias",
            cancellationToken,
            ("@model", modelKey),
            ("@alias", alias));
        return version is null
            ? throw StoreErrors.AliasNotFound(alias)
            : await GetAsync(session, workspaceId, name, Convert.ToInt64(version, CultureInfo.InvariantCulture), cancellationToken);
    }

    /// <summary>Reads the version columns (<see cref="Columns"/>) from column 0; tags and aliases come later.</summary>
    public static ModelVersionRow Read(DbDataReader reader) =>
        new(
            reader.GetInt64(0),
            new ModelVersion(
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetInt64(4),
                reader.GetNullableString(5),
                reader.GetString(6),
                reader.GetNullableString(7),
                reader.GetString(8),
                reader.GetNullableString(9),
                reader.GetNullableString(10),
                ModelVersionStatusNames.Parse(reader.GetString(11)),
                reader.GetNullableString(12),
                [],
                []));

    /// <summary>Fills in tags and aliases of versions (of any models) with one query each.</summary>
    public static async Task<IReadOnlyList<ModelVersion>> LoadDetailsAsync(SqlSession session, IReadOnlyList<ModelVersionRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var modelKeys = rows.Select(r => r.ModelKey).Distinct().ToArray();
        var tags = await KeyedRows.LoadAsync(
            session,
            "SELECT model_key, version, key, value FROM model_version_tags WHERE {keys} ORDER BY model_key, version, key",
            "model_key",
            modelKeys,
            reader => (Version: reader.GetInt64(1), Tag: new Tag(reader.GetString(2), reader.GetString(3))),
            cancellationToken);
        var aliases = await KeyedRows.LoadAsync(
            session,
            "SELECT model_key, version, alias FROM registered_model_aliases WHERE {keys} ORDER BY model_key, alias",
            "model_key",
            modelKeys,
            reader => (Version: reader.GetInt64(1), Alias: reader.GetString(2)),
            cancellationToken);
        return [.. rows.Select(r => r.Version with
        {
            Tags = [.. tags.For(r.ModelKey).Where(t => t.Version == r.Version.Version).Select(t => t.Tag)],
            Aliases = [.. aliases.For(r.ModelKey).Where(a => a.Version == r.Version.Version).Select(a => a.Alias)],
        })];
    }

    private static int StageOrder(string stage)
    {
        for (var i = 0; i < ModelStage.All.Count; i++)
        {
            if (ModelStage.All[i] == stage)
            {
                return i;
            }
        }

        return ModelStage.All.Count;
    }

    private static async Task<ModelVersionRow?> FindAsync(SqlSession session, string workspaceId, string name, long version, CancellationToken cancellationToken)
    {
        await using var reader = await session.ReadAsync(
            $"""
            SELECT {Columns} FROM model_versions v JOIN registered_models m ON m.model_key = v.model_key
            WHERE m.workspace_id = @ws AND m.name = @name AND v.version = @version
            """,
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", name),
            ("@version", version));
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>The model's key when the model and the version exist; otherwise the matching not-found error.</summary>
    private static async Task<long> GetModelKeyOfVersionAsync(SqlSession session, string workspaceId, string name, long version, CancellationToken cancellationToken)
    {
        var modelKey = await RegisteredModelRepository.GetKeyAsync(session, workspaceId, name, cancellationToken);
        var exists = await session.ScalarAsync(
            "SELECT 1 FROM model_versions WHERE model_key = @model AND version = @version",
            cancellationToken,
            ("@model", modelKey),
            ("@version", version));
        return exists is null ? throw StoreErrors.ModelVersionNotFound(name, version) : modelKey;
    }

    private static async Task TouchAsync(SqlSession session, long modelKey, long version, CancellationToken cancellationToken)
    {
        var now = session.Options.NowMillis();
        await session.ExecuteAsync(
            "UPDATE model_versions SET last_updated_time = @now WHERE model_key = @model AND version = @version",
            cancellationToken,
            ("@now", now),
            ("@model", modelKey),
            ("@version", version));
        await RegisteredModelRepository.TouchAsync(session, modelKey, now, cancellationToken);
    }

    private static Task<int> UpsertTagAsync(SqlSession session, long modelKey, long version, Tag tag, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            """
            INSERT INTO model_version_tags (model_key, version, key, value) VALUES (@model, @version, @key, @value)
            ON CONFLICT (model_key, version, key) DO UPDATE SET value = excluded.value
            """,
            cancellationToken,
            ("@model", modelKey),
            ("@version", version),
            ("@key", tag.Key),
            ("@value", tag.Value));
}
