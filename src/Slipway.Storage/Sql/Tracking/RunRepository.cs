using System.Data.Common;
using System.Globalization;
using Slipway.Core.Errors;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>Runs, their lifecycle and their tags. A run belongs to its experiment's workspace.</summary>
internal static class RunRepository
{
    public const string Columns =
        "r.run_key, r.run_id, r.experiment_id, r.name, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage";

    public static async Task<Run> CreateAsync(SqlSession session, string workspaceId, NewRun run, CancellationToken cancellationToken)
    {
        var tags = LastValuePerKey(run.Tags);
        var nameTag = tags.FirstOrDefault(t => t.Key == SystemTags.RunName)?.Value;
        if (!string.IsNullOrEmpty(run.RunName) && !string.IsNullOrEmpty(nameTag) && nameTag != run.RunName)
        {
            throw StoreErrors.RunNameConflict(run.RunName, nameTag);
        }

        var name = !string.IsNullOrEmpty(run.RunName) ? run.RunName
            : !string.IsNullOrEmpty(nameTag) ? nameTag
            : RunNameGenerator.Next();
        tags = [.. tags.Where(t => t.Key != SystemTags.RunName), new Tag(SystemTags.RunName, name)];

        // One statement checks the experiment (in the workspace, active) and inserts the run, whose artifacts go
        // to {experiment location}/{run id}/artifacts. Only when nothing was inserted is the experiment looked at
        // again, to say why.
        var runId = Guid.NewGuid().ToString("N");
        var experimentId = ExperimentIds.TryParse(run.ExperimentId, out var parsed) ? parsed : -1;
        (long Key, string ArtifactUri)? inserted = null;
        await using (var reader = await session.ReadAsync(
            """
            INSERT INTO runs (run_id, experiment_id, name, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage)
            SELECT @run, e.experiment_id, @name, @user, @status, @start, NULL,
                   rtrim(e.artifact_location, '/') || '/' || @run || '/artifacts', 'active'
            FROM experiments e
            WHERE e.experiment_id = @experiment AND e.workspace_id = @ws AND e.lifecycle_stage = 'active'
            RETURNING run_key, artifact_uri
            """,
            cancellationToken,
            ("@run", runId),
            ("@name", name),
            ("@user", run.UserId),
            ("@status", RunStatus.Running.ToName()),
            ("@start", run.StartTime),
            ("@experiment", experimentId),
            ("@ws", workspaceId)))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                inserted = (reader.GetInt64(0), reader.GetString(1));
            }
        }

        if (inserted is not var (key, artifactUri))
        {
            await ExperimentRepository.EnsureActiveAsync(session, workspaceId, run.ExperimentId, cancellationToken);
            throw new InvalidOperationException($"No run was created in the active experiment {run.ExperimentId}.");
        }

        await UpsertTagsAsync(session, key, tags, cancellationToken);
        var info = new RunInfo(
            runId,
            ExperimentIds.Format(experimentId),
            name,
            run.UserId,
            RunStatus.Running,
            run.StartTime,
            null,
            artifactUri,
            LifecycleStage.Active);
        return new Run(info, [], [], [.. tags.OrderBy(t => t.Key, StringComparer.Ordinal)], []);
    }

    /// <summary>The run in any lifecycle stage, or RESOURCE_DOES_NOT_EXIST.</summary>
    public static async Task<RunRow> GetAsync(SqlSession session, string workspaceId, string runId, CancellationToken cancellationToken)
    {
        await using var reader = await session.ReadAsync(
            $"""
            SELECT {Columns} FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id
            WHERE r.run_id = @run AND e.workspace_id = @ws
            """,
            cancellationToken,
            ("@run", runId),
            ("@ws", workspaceId));
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : throw StoreErrors.RunNotFound(runId);
    }

    /// <summary>The key of an active run, for operations that change its data.</summary>
    public static async Task<long> GetActiveKeyAsync(SqlSession session, string workspaceId, string runId, CancellationToken cancellationToken)
    {
        await using var reader = await session.ReadAsync(
            """
            SELECT r.run_key, r.lifecycle_stage FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id
            WHERE r.run_id = @run AND e.workspace_id = @ws
            """,
            cancellationToken,
            ("@run", runId),
            ("@ws", workspaceId));
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw StoreErrors.RunNotFound(runId);
        }

        return EnumNames.ParseLifecycleStage(reader.GetString(1)) == LifecycleStage.Active
            ? reader.GetInt64(0)
            : throw StoreErrors.RunNotActive(runId);
    }

    public static async Task<RunInfo> UpdateAsync(SqlSession session, string workspaceId, string runId, RunUpdate update, CancellationToken cancellationToken)
    {
        var run = await GetAsync(session, workspaceId, runId, cancellationToken);
        if (run.Info.LifecycleStage != LifecycleStage.Active)
        {
            throw StoreErrors.RunNotActive(runId);
        }

        var info = run.Info with
        {
            Status = update.Status ?? run.Info.Status,
            EndTime = update.EndTime ?? run.Info.EndTime,
            RunName = string.IsNullOrEmpty(update.RunName) ? run.Info.RunName : update.RunName,
        };
        await session.ExecuteAsync(
            "UPDATE runs SET status = @status, end_time = @end, name = @name WHERE run_key = @key",
            cancellationToken,
            ("@status", info.Status.ToName()),
            ("@end", info.EndTime),
            ("@name", info.RunName),
            ("@key", run.Key));
        if (info.RunName != run.Info.RunName)
        {
            await UpsertTagsAsync(session, run.Key, [new Tag(SystemTags.RunName, info.RunName)], cancellationToken);
        }

        return info;
    }

    public static async Task SetLifecycleAsync(SqlSession session, string workspaceId, string runId, LifecycleStage stage, CancellationToken cancellationToken)
    {
        var run = await GetAsync(session, workspaceId, runId, cancellationToken);
        await session.ExecuteAsync(
            "UPDATE runs SET lifecycle_stage = @stage, deleted_time = @deleted WHERE run_key = @key",
            cancellationToken,
            ("@stage", stage.ToName()),
            ("@deleted", stage == LifecycleStage.Deleted ? session.Options.NowMillis() : null),
            ("@key", run.Key));
    }

    /// <summary>Sets tags on an active run; the <c>mlflow.runName</c> tag renames the run.</summary>
    public static async Task SetTagsAsync(SqlSession session, long runKey, IReadOnlyList<Tag> tags, CancellationToken cancellationToken)
    {
        var unique = LastValuePerKey(tags);
        await UpsertTagsAsync(session, runKey, unique, cancellationToken);
        if (unique.FirstOrDefault(t => t.Key == SystemTags.RunName) is { } nameTag)
        {
            await session.ExecuteAsync(
                "UPDATE runs SET name = @name WHERE run_key = @key",
                cancellationToken,
                ("@name", nameTag.Value),
                ("@key", runKey));
        }
    }

    public static async Task DeleteTagAsync(SqlSession session, string workspaceId, string runId, string key, CancellationToken cancellationToken)
    {
        var runKey = await GetActiveKeyAsync(session, workspaceId, runId, cancellationToken);
        var deleted = await session.ExecuteAsync(
            "DELETE FROM run_tags WHERE run_key = @run AND key = @key",
            cancellationToken,
            ("@run", runKey),
            ("@key", key));
        if (deleted == 0)
        {
            throw StoreErrors.RunTagNotFound(runId, key);
        }
    }

    /// <summary>Reads the run columns (<see cref="Columns"/>) starting at column 0.</summary>
    public static RunRow Read(DbDataReader reader)
    {
        var statusText = reader.GetString(5);
        if (!EnumNames.TryParseRunStatus(statusText, out var status))
        {
            throw new SlipwayException(ErrorCode.InternalError, $"Run has an unknown status '{statusText}' in the database.");
        }

        return new RunRow(
            reader.GetInt64(0),
            new RunInfo(
                reader.GetString(1),
                ExperimentIds.Format(reader.GetInt64(2)),
                reader.GetString(3),
                reader.GetString(4),
                status,
                reader.GetInt64(6),
                reader.GetNullableInt64(7),
                reader.GetString(8),
                EnumNames.ParseLifecycleStage(reader.GetString(9))));
    }

    private static IReadOnlyList<Tag> LastValuePerKey(IReadOnlyList<Tag> tags)
    {
        if (tags.Count <= 1)
        {
            return tags;
        }

        var byKey = new Dictionary<string, Tag>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            byKey[tag.Key] = tag;
        }

        return byKey.Count == tags.Count ? tags : [.. byKey.Values];
    }

    private static async Task UpsertTagsAsync(SqlSession session, long runKey, IReadOnlyList<Tag> tags, CancellationToken cancellationToken)
    {
        if (tags.Count == 0)
        {
            return;
        }

        var query = new SqlQuery().Append("INSERT INTO run_tags (run_key, key, value) VALUES ");
        var run = query.Bind(runKey);
        for (var i = 0; i < tags.Count; i++)
        {
            query.Append(i == 0 ? "(" : ", (").Append(run).Append(", ").Append(query.Bind(tags[i].Key)).Append(", ").Append(query.Bind(tags[i].Value)).Append(")");
        }

        query.Append(" ON CONFLICT (run_key, key) DO UPDATE SET value = excluded.value");
        await session.ExecuteAsync(query.Text.ToString(), cancellationToken, [.. query.Parameters]);
    }
}
