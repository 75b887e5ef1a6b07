using System.Data.Common;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>Experiments and their tags. Every query is scoped to the caller's workspace.</summary>
internal static class ExperimentRepository
{
    public const string Columns =
        "e.experiment_id, e.workspace_id, e.name, e.artifact_location, e.lifecycle_stage, e.creation_time, e.last_update_time";

    public static async Task<string> CreateAsync(SqlSession session, string workspaceId, string name, string? artifactLocation, IReadOnlyList<Tag> tags, CancellationToken cancellationToken)
    {
        var now = session.Options.NowMillis();
        await Workspace.EnsureAsync(session, workspaceId, now, cancellationToken);
        var inserted = await session.ScalarAsync(
            """
            INSERT INTO experiments (workspace_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
            VALUES (@ws, @name, @location, 'active', @now, @now)
            ON CONFLICT DO NOTHING
            RETURNING experiment_id
            """,
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", name),
            ("@location", artifactLocation ?? string.Empty),
            ("@now", now));
        if (inserted is null)
        {
            throw StoreErrors.ExperimentNameTaken(name);
        }

        var id = Convert.ToInt64(inserted, System.Globalization.CultureInfo.InvariantCulture);
        var experimentId = ExperimentIds.Format(id);
        if (string.IsNullOrEmpty(artifactLocation))
        {
            await session.ExecuteAsync(
                "UPDATE experiments SET artifact_location = @location WHERE experiment_id = @id",
                cancellationToken,
                ("@location", ArtifactLocations.ForExperiment(session.Options.DefaultArtifactRoot, experimentId)),
                ("@id", id));
        }

        foreach (var tag in tags)
        {
            await UpsertTagAsync(session, id, tag, cancellationToken);
        }

        return experimentId;
    }

    /// <summary>Creates experiment 0, "Default", in the default workspace unless it exists; MLflow clients rely on it.</summary>
    public static Task EnsureDefaultExperimentAsync(SqlSession session, CancellationToken cancellationToken)
    {
        var now = session.Options.NowMillis();
        return session.ExecuteAsync(
            """
            INSERT INTO experiments (experiment_id, workspace_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
            VALUES (0, @ws, 'Default', @location, 'active', @now, @now)
            ON CONFLICT DO NOTHING
            """,
            cancellationToken,
            ("@ws", Core.Stores.Workspaces.Default),
            ("@location", ArtifactLocations.ForExperiment(session.Options.DefaultArtifactRoot, "0")),
            ("@now", now));
    }

    public static async Task<Experiment> GetAsync(SqlSession session, string workspaceId, string experimentId, CancellationToken cancellationToken)
    {
        var experiment = await FindAsync(session, workspaceId, "e.experiment_id = @value", ParseOrNotFound(experimentId), cancellationToken)
            ?? throw StoreErrors.ExperimentNotFound(experimentId);
        return experiment;
    }

    public static Task<Experiment?> GetByNameAsync(SqlSession session, string workspaceId, string name, CancellationToken cancellationToken) =>
        FindAsync(session, workspaceId, "e.name = @value", name, cancellationToken);

    public static async Task RenameAsync(SqlSession session, string workspaceId, string experimentId, string newName, CancellationToken cancellationToken)
    {
        var id = await GetActiveIdAsync(session, workspaceId, experimentId, cancellationToken);
        var taken = await session.ScalarAsync(
            "SELECT experiment_id FROM experiments WHERE workspace_id = @ws AND name = @name AND experiment_id <> @id",
            cancellationToken,
            ("@ws", workspaceId),
            ("@name", newName),
            ("@id", id));
        if (taken is not null)
        {
            throw StoreErrors.ExperimentNameTaken(newName);
        }

        await session.ExecuteAsync(
            "UPDATE experiments SET name = @name, last_update_time = @now WHERE experiment_id = @id",
            cancellationToken,
            ("@name", newName),
            ("@now", session.Options.NowMillis()),
            ("@id", id));
    }

    /// <summary>Soft-deletes an active experiment and all its runs (MLflow's behaviour).</summary>
    public static async Task DeleteAsync(SqlSession session, string workspaceId, string experimentId, CancellationToken cancellationToken)
    {
        var id = ParseOrNotFound(experimentId);
        var state = await GetStateAsync(session, workspaceId, id, experimentId, cancellationToken);
        if (state != LifecycleStage.Active)
        {
            throw StoreErrors.ExperimentNotFound(experimentId);
        }

        if (id == 0 && workspaceId == Core.Stores.Workspaces.Default)
        {
            throw StoreErrors.DefaultExperimentUndeletable();
        }

        var now = session.Options.NowMillis();
        await SetLifecycleAsync(session, id, LifecycleStage.Deleted, now, cancellationToken);
        await session.ExecuteAsync(
            "UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = @now WHERE experiment_id = @id",
            cancellationToken,
            ("@now", now),
            ("@id", id));
    }

    /// <summary>Restores a deleted experiment and all its runs (MLflow's behaviour).</summary>
    public static async Task RestoreAsync(SqlSession session, string workspaceId, string experimentId, CancellationToken cancellationToken)
    {
        var id = ParseOrNotFound(experimentId);
        var state = await GetStateAsync(session, workspaceId, id, experimentId, cancellationToken);
        if (state != LifecycleStage.Deleted)
        {
            throw StoreErrors.ExperimentNotFound(experimentId);
        }

        await SetLifecycleAsync(session, id, LifecycleStage.Active, session.Options.NowMillis(), cancellationToken);
        await session.ExecuteAsync(
            "UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE experiment_id = @id",
            cancellationToken,
            ("@id", id));
    }

    public static async Task SetTagAsync(SqlSession session, string workspaceId, string experimentId, Tag tag, CancellationToken cancellationToken)
    {
        var id = await GetActiveIdAsync(session, workspaceId, experimentId, cancellationToken);
        await UpsertTagAsync(session, id, tag, cancellationToken);
        await session.ExecuteAsync(
            "UPDATE experiments SET last_update_time = @now WHERE experiment_id = @id",
            cancellationToken,
            ("@now", session.Options.NowMillis()),
            ("@id", id));
    }

    /// <summary>Fails with not found for a missing experiment and with invalid state for a deleted one.</summary>
    public static Task EnsureActiveAsync(SqlSession session, string workspaceId, string experimentId, CancellationToken cancellationToken) =>
        GetActiveIdAsync(session, workspaceId, experimentId, cancellationToken);

    public static async Task<Dictionary<long, List<Tag>>> LoadTagsAsync(SqlSession session, IReadOnlyCollection<long> experimentIds, CancellationToken cancellationToken) =>
        await KeyedRows.LoadAsync(
            session,
            "SELECT experiment_id, key, value FROM experiment_tags WHERE {keys} ORDER BY experiment_id, key",
            "experiment_id",
            experimentIds,
            reader => new Tag(reader.GetString(1), reader.GetString(2)),
            cancellationToken);

    /// <summary>Reads the experiment columns (<see cref="Columns"/>) of the current row; tags are filled in later.</summary>
    public static Experiment Read(DbDataReader reader, IReadOnlyList<Tag> tags) =>
        new(
            ExperimentIds.Format(reader.GetInt64(0)),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            EnumNames.ParseLifecycleStage(reader.GetString(4)),
            reader.GetInt64(5),
            reader.GetInt64(6),
            tags);

    private static long ParseOrNotFound(string experimentId) =>
        ExperimentIds.TryParse(experimentId, out var id) ? id : throw StoreErrors.ExperimentNotFound(experimentId);

    private static async Task<Experiment?> FindAsync(SqlSession session, string workspaceId, string predicate, object value, CancellationToken cancellationToken)
    {
        long id;
        Experiment experiment;
        await using (var reader = await session.ReadAsync(
            $"SELECT {Columns} FROM experiments e WHERE {predicate} AND e.workspace_id = @ws",
            cancellationToken,
            ("@value", value),
            ("@ws", workspaceId)))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            id = reader.GetInt64(0);
            experiment = Read(reader, []);
        }

        var tags = await LoadTagsAsync(session, [id], cancellationToken);
        return experiment with { Tags = tags.For(id) };
    }

    private static async Task<long> GetActiveIdAsync(SqlSession session, string workspaceId, string experimentId, CancellationToken cancellationToken)
    {
        var id = ParseOrNotFound(experimentId);
        if (await GetStateAsync(session, workspaceId, id, experimentId, cancellationToken) != LifecycleStage.Active)
        {
            throw StoreErrors.ExperimentNotActive(experimentId);
        }

        return id;
    }

    private static async Task<LifecycleStage> GetStateAsync(SqlSession session, string workspaceId, long id, string experimentId, CancellationToken cancellationToken)
    {
        var stage = await session.ScalarAsync(
            "SELECT lifecycle_stage FROM experiments WHERE experiment_id = @id AND workspace_id = @ws",
            cancellationToken,
            ("@id", id),
            ("@ws", workspaceId));
        return stage is string text ? EnumNames.ParseLifecycleStage(text) : throw StoreErrors.ExperimentNotFound(experimentId);
    }

    private static Task<int> SetLifecycleAsync(SqlSession session, long id, LifecycleStage stage, long now, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            "UPDATE experiments SET lifecycle_stage = @stage, last_update_time = @now WHERE experiment_id = @id",
            cancellationToken,
            ("@stage", stage.ToName()),
            ("@now", now),
            ("@id", id));

    private static Task<int> UpsertTagAsync(SqlSession session, long id, Tag tag, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            """
            INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@id, @key, @value)
            ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value
            """,
            cancellationToken,
            ("@id", id),
            ("@key", tag.Key),
            ("@value", tag.Value));
}
