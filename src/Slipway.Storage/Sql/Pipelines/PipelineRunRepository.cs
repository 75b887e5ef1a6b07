using System.Data.Common;
using System.Globalization;
using System.Numerics;
using Slipway.Core.Errors;
using Slipway.Core.Pipelines;
using Slipway.Core.Search;
using Slipway.Core.Stores;
using Slipway.Storage.Sql.Search;

namespace Slipway.Storage.Sql.Pipelines;

/// <summary>
/// pipeline_runs, pipeline_steps and pipeline_step_attempts. A run's id is unique across workspaces; its steps and
/// attempts are reached through it, so every statement on them checks the run's workspace. Updates are on the
/// orchestrator's hot path: each is one UPDATE ... RETURNING (plus the attempt's upsert, when there is one).
/// </summary>
internal static class PipelineRunRepository
{
    public const int MaxPageSize = 1000;

    private const string RunColumns =
        "run_id, pipeline, status, spec, params, trigger_kind, trigger_detail, creator, experiment_id, creation_time, start_time, end_time, message, cancel_requested, code";

    private const string StepColumns =
        "run_id, name, status, attempts, tracking_run_id, cache_key, cached_from, start_time, end_time, next_attempt_time, exit_code, message, outputs, process_id, process_start_time";

    private const string AttemptColumns = "number, status, start_time, end_time, exit_code, message";

    // The run is in the workspace: a step or attempt of another workspace's run reads as missing.
    private const string RunInWorkspace = "EXISTS (SELECT 1 FROM pipeline_runs r WHERE r.run_id = @run AND r.workspace_id = @ws)";

    // Steps are inserted up to this many rows a statement, in batches of a power of two so that few distinct
    // statements (each cached and prepared) serve any number of steps.
    private const int MaxStepBatch = 64;

    private static readonly string[] StepParameters =
        [.. Enumerable.Range(0, MaxStepBatch).Select(i => "@s" + i.ToString(CultureInfo.InvariantCulture))];

    private static readonly string[] StepInserts =
        [.. Enumerable.Range(0, BitOperations.Log2(MaxStepBatch) + 1).Select(k => StepInsert(1 << k))];

    public static async Task<PipelineRun> CreateAsync(SqlSession session, string workspaceId, NewPipelineRun run, CancellationToken cancellationToken)
    {
        Validate(run);
        var now = session.Options.NowMillis();
        await Workspace.EnsureAsync(session, workspaceId, now, cancellationToken);
        var inserted = await session.ScalarAsync(
            """
            INSERT INTO pipeline_runs (run_id, workspace_id, pipeline, status, spec, params, trigger_kind, trigger_detail, creator, experiment_id,
                                       creation_time, start_time, end_time, message, cancel_requested, code)
            VALUES (@run, @ws, @pipeline, @status, @spec, @params, @trigger, @detail, @creator, @experiment, @now, NULL, NULL, NULL, 0, @code)
            ON CONFLICT DO NOTHING
            RETURNING run_id
            """,
            cancellationToken,
            ("@run", run.Id),
            ("@ws", workspaceId),
            ("@pipeline", run.Pipeline),
            ("@status", run.Status.Name()),
            ("@spec", run.Spec),
            ("@params", PipelineJson.Write(run.Params)),
            ("@trigger", run.Trigger.Kind),
            ("@detail", run.Trigger.Detail),
            ("@creator", run.Creator),
            ("@experiment", run.ExperimentId),
            ("@code", run.Code),
            ("@now", now));
        if (inserted is null)
        {
            throw SlipwayException.AlreadyExists($"Pipeline run '{run.Id}' already exists.");
        }

        for (var position = 0; position < run.Steps.Count;)
        {
            var size = Math.Min(MaxStepBatch, 1 << BitOperations.Log2((uint)(run.Steps.Count - position)));
            var parameters = new (string, object?)[size + 2];
            parameters[0] = ("@run", run.Id);
            parameters[1] = ("@position", position);
            for (var i = 0; i < size; i++)
            {
                parameters[i + 2] = (StepParameters[i], run.Steps[position + i]);
            }

            await session.ExecuteAsync(StepInserts[BitOperations.Log2((uint)size)], cancellationToken, parameters);
            position += size;
        }

        return new PipelineRun(
            run.Id,
            run.Pipeline,
            run.Status,
            run.Spec,
            new Dictionary<string, string>(run.Params, StringComparer.Ordinal),
            run.Trigger,
            run.Creator,
            run.ExperimentId,
            now,
            null,
            null,
            null,
            false,
            run.Code);
    }

    public static async Task<PipelineRun> GetAsync(SqlSession session, string workspaceId, string runId, CancellationToken cancellationToken)
    {
        await using var reader = await session.ReadAsync(
            $"SELECT {RunColumns} FROM pipeline_runs WHERE run_id = @run AND workspace_id = @ws",
            cancellationToken,
            ("@run", runId),
            ("@ws", workspaceId));
        return await reader.ReadAsync(cancellationToken) ? ReadRun(reader) : throw RunNotFound(runId);
    }

    /// <summary>Newest first (creation time, then id), an offset page at a time (ADR 0003).</summary>
    public static async Task<Page<PipelineRun>> ListAsync(SqlSession session, string workspaceId, PipelineRunQuery query, CancellationToken cancellationToken)
    {
        if (query.MaxResults is < 1 or > MaxPageSize)
        {
            throw SlipwayException.Invalid(
                string.Create(CultureInfo.InvariantCulture, $"Invalid max_results {query.MaxResults}: it must be between 1 and {MaxPageSize}."));
        }

        var offset = PageToken.DecodeOffset(query.PageToken);
        var sql = new SqlQuery();
        sql.Append($"SELECT {RunColumns} FROM pipeline_runs WHERE workspace_id = ").Append(sql.Bind(workspaceId));
        if (query.Pipeline is { } pipeline)
        {
            sql.Append(" AND pipeline = ").Append(sql.Bind(pipeline));
        }

        if (query.Status is { } status)
        {
            sql.Append(" AND status = ").Append(sql.Bind(status.Name()));
        }

        sql.Append(" ORDER BY creation_time DESC, run_id");
        var (runs, next) = await SearchPage.ReadAsync(session, sql, offset, query.MaxResults, ReadRun, cancellationToken);
        return new Page<PipelineRun>(runs, next);
    }

    /// <summary>Queued and running runs of every workspace, oldest first (the partial index pipeline_runs_unfinished).</summary>
    public static async Task<IReadOnlyList<(string WorkspaceId, PipelineRun Run)>> ListUnfinishedAsync(SqlSession session, CancellationToken cancellationToken)
    {
        var runs = new List<(string, PipelineRun)>();
        await using var reader = await session.ReadAsync(
            $"SELECT {RunColumns}, workspace_id FROM pipeline_runs WHERE status IN ('queued', 'running') ORDER BY creation_time, run_id",
            cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add((reader.GetString(15), ReadRun(reader)));
        }

        return runs;
    }

    public static async Task<PipelineRun> UpdateAsync(SqlSession session, string workspaceId, string runId, PipelineRunUpdate update, CancellationToken cancellationToken)
    {
        await using var reader = await session.ReadAsync(
            $"""
            UPDATE pipeline_runs SET
                status = COALESCE(@status, status),
                start_time = COALESCE(@start, start_time),
                end_time = COALESCE(@end, end_time),
                message = COALESCE(@message, message),
                cancel_requested = COALESCE(@cancel, cancel_requested)
            WHERE run_id = @run AND workspace_id = @ws
            RETURNING {RunColumns}
            """,
            cancellationToken,
            ("@status", update.Status?.Name()),
            ("@start", update.StartTime),
            ("@end", update.EndTime),
            ("@message", update.Message),
            ("@cancel", update.CancelRequested is { } cancel ? (cancel ? 1 : 0) : null),
            ("@run", runId),
            ("@ws", workspaceId));
        return await reader.ReadAsync(cancellationToken) ? ReadRun(reader) : throw RunNotFound(runId);
    }

    public static async Task<IReadOnlyList<StepRun>> ListStepsAsync(SqlSession session, string workspaceId, string runId, CancellationToken cancellationToken)
    {
        var steps = new List<StepRun>();
        await using (var reader = await session.ReadAsync(
            $"SELECT {StepColumns} FROM pipeline_steps WHERE run_id = @run AND {RunInWorkspace} ORDER BY position",
            cancellationToken,
            ("@run", runId),
            ("@ws", workspaceId)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                steps.Add(ReadStep(reader));
            }
        }

        if (steps.Count == 0)
        {
            await RequireAsync(session, workspaceId, runId, null, cancellationToken);
        }

        return steps;
    }

    /// <summary>
    /// One UPDATE ... RETURNING applies the fields that are set and reads the step back; the attempt, when set, is
    /// upserted after it. Only when no step was updated is the run looked at again, to say what is missing.
    /// </summary>
    public static async Task<StepRun> UpdateStepAsync(SqlSession session, string workspaceId, string runId, string stepName, StepRunUpdate update, CancellationToken cancellationToken)
    {
        if (update.Attempt is { Number: < 1 } invalid)
        {
            throw SlipwayException.Invalid(string.Create(CultureInfo.InvariantCulture, $"Invalid attempt number {invalid.Number}: attempts are numbered from 1."));
        }

        StepRun? step = null;
        await using (var reader = await session.ReadAsync(
            $"""
            UPDATE pipeline_steps SET
                status = COALESCE(@status, status),
                attempts = COALESCE(@attempts, attempts),
                tracking_run_id = COALESCE(@tracking, tracking_run_id),
                cache_key = COALESCE(@cache, cache_key),
                cached_from = COALESCE(@cachedFrom, cached_from),
                start_time = COALESCE(@start, start_time),
                end_time = COALESCE(@end, end_time),
                next_attempt_time = COALESCE(@next, next_attempt_time),
                exit_code = COALESCE(@exit, exit_code),
                message = COALESCE(@message, message),
                outputs = COALESCE(@outputs, outputs),
                process_id = CASE WHEN @clear = 1 THEN NULL ELSE COALESCE(@pid, process_id) END,
                process_start_time = CASE WHEN @clear = 1 THEN NULL ELSE COALESCE(@pstart, process_start_time) END
            WHERE run_id = @run AND name = @step AND {RunInWorkspace}
            RETURNING {StepColumns}
            """,
            cancellationToken,
            ("@status", update.Status?.Name()),
            ("@attempts", update.Attempts),
            ("@tracking", update.TrackingRunId),
            ("@cache", update.CacheKey),
            ("@cachedFrom", update.CachedFrom),
            ("@start", update.StartTime),
            ("@end", update.EndTime),
            ("@next", update.NextAttemptTime),
            ("@exit", update.ExitCode),
            ("@message", update.Message),
            ("@outputs", update.Outputs is { } outputs ? PipelineJson.Write(outputs) : null),
            ("@clear", update.ClearProcess ? 1 : 0),
            ("@pid", update.ProcessId),
            ("@pstart", update.ProcessStartTime),
            ("@run", runId),
            ("@step", stepName),
            ("@ws", workspaceId)))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                step = ReadStep(reader);
            }
        }

        if (step is null)
        {
            await RequireAsync(session, workspaceId, runId, stepName, cancellationToken);
            throw new InvalidOperationException($"Step '{stepName}' of pipeline run '{runId}' was not updated.");
        }

        if (update.Attempt is { } attempt)
        {
            await session.ExecuteAsync(
                """
                INSERT INTO pipeline_step_attempts (run_id, step, number, status, start_time, end_time, exit_code, message)
                VALUES (@run, @step, @number, @status, @start, @end, @exit, @message)
                ON CONFLICT (run_id, step, number) DO UPDATE SET
                    status = excluded.status, start_time = excluded.start_time, end_time = excluded.end_time,
                    exit_code = excluded.exit_code, message = excluded.message
                """,
                cancellationToken,
                ("@run", runId),
                ("@step", stepName),
                ("@number", attempt.Number),
                ("@status", attempt.Status.Name()),
                ("@start", attempt.StartTime),
                ("@end", attempt.EndTime),
                ("@exit", attempt.ExitCode),
                ("@message", attempt.Message));
        }

        return step;
    }

    public static async Task<IReadOnlyList<StepAttempt>> ListAttemptsAsync(SqlSession session, string workspaceId, string runId, string stepName, CancellationToken cancellationToken)
    {
        var attempts = new List<StepAttempt>();
        await using (var reader = await session.ReadAsync(
            $"SELECT {AttemptColumns} FROM pipeline_step_attempts WHERE run_id = @run AND step = @step AND {RunInWorkspace} ORDER BY number",
            cancellationToken,
            ("@run", runId),
            ("@step", stepName),
            ("@ws", workspaceId)))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                attempts.Add(new StepAttempt(
                    reader.GetInt32(0),
                    PipelineStatuses.ParseStepStatus(reader.GetString(1)),
                    reader.GetInt64(2),
                    reader.GetNullableInt64(3),
                    GetNullableInt32(reader, 4),
                    reader.GetNullableString(5)));
            }
        }

        if (attempts.Count == 0)
        {
            await RequireAsync(session, workspaceId, runId, stepName, cancellationToken);
        }

        return attempts;
    }

    private static void Validate(NewPipelineRun run)
    {
        PipelineNames.Validate(run.Pipeline);
        if (string.IsNullOrEmpty(run.Id))
        {
            throw SlipwayException.Invalid("A pipeline run needs an id.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in run.Steps)
        {
            if (string.IsNullOrEmpty(step))
            {
                throw SlipwayException.Invalid($"Pipeline run '{run.Id}' has a step without a name.");
            }

            if (!names.Add(step))
            {
                throw SlipwayException.Invalid($"Pipeline run '{run.Id}' names step '{step}' more than once.");
            }
        }
    }

    /// <summary>Throws RESOURCE_DOES_NOT_EXIST unless the run is in the workspace and, when named, has the step.</summary>
    private static async Task RequireAsync(SqlSession session, string workspaceId, string runId, string? stepName, CancellationToken cancellationToken)
    {
        if (await session.ScalarAsync(
                "SELECT 1 FROM pipeline_runs WHERE run_id = @run AND workspace_id = @ws",
                cancellationToken,
                ("@run", runId),
                ("@ws", workspaceId)) is null)
        {
            throw RunNotFound(runId);
        }

        if (stepName is not null && await session.ScalarAsync(
                "SELECT 1 FROM pipeline_steps WHERE run_id = @run AND name = @step",
                cancellationToken,
                ("@run", runId),
                ("@step", stepName)) is null)
        {
            throw SlipwayException.NotFound($"Pipeline run '{runId}' has no step '{stepName}'.");
        }
    }

    private static SlipwayException RunNotFound(string runId) => SlipwayException.NotFound($"Pipeline run '{runId}' not found.");

    private static string StepInsert(int rows) =>
        "INSERT INTO pipeline_steps (run_id, name, position, status, attempts, outputs) VALUES "
        + string.Join(
            ", ",
            Enumerable.Range(0, rows).Select(i => string.Create(CultureInfo.InvariantCulture, $"(@run, @s{i}, @position + {i}, 'pending', 0, '{PipelineJson.EmptyObject}')")));

    /// <summary>Reads <see cref="RunColumns"/> from column 0.</summary>
    private static PipelineRun ReadRun(DbDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            PipelineStatuses.ParseRunStatus(reader.GetString(2)),
            reader.GetString(3),
            PipelineJson.Read(reader.GetString(4), "pipeline_runs.params"),
            new PipelineTrigger(reader.GetString(5), reader.GetNullableString(6)),
            reader.GetNullableString(7),
            reader.GetString(8),
            reader.GetInt64(9),
            reader.GetNullableInt64(10),
            reader.GetNullableInt64(11),
            reader.GetNullableString(12),
            reader.GetInt64(13) != 0,
            reader.GetNullableString(14));

    /// <summary>Reads <see cref="StepColumns"/> from column 0.</summary>
    private static StepRun ReadStep(DbDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            PipelineStatuses.ParseStepStatus(reader.GetString(2)),
            reader.GetInt32(3),
            reader.GetNullableString(4),
            reader.GetNullableString(5),
            reader.GetNullableString(6),
            reader.GetNullableInt64(7),
            reader.GetNullableInt64(8),
            reader.GetNullableInt64(9),
            GetNullableInt32(reader, 10),
            reader.GetNullableString(11),
            PipelineJson.Read(reader.GetString(12), "pipeline_steps.outputs"),
            GetNullableInt32(reader, 13),
            reader.GetNullableInt64(14));

    private static int? GetNullableInt32(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);
}
