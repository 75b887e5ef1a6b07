using Slipway.Core.Pipelines;

namespace Slipway.Storage.Sql.Pipelines;

/// <summary>pipeline_cache: step results kept for reuse, one per cache key and workspace.</summary>
internal static class StepCacheRepository
{
    public static async Task<StepCacheEntry?> FindAsync(SqlSession session, string workspaceId, string key, CancellationToken cancellationToken)
    {
        await using var reader = await session.ReadAsync(
            """
            SELECT cache_key, pipeline, step, pipeline_run_id, tracking_run_id, outputs, creation_time
            FROM pipeline_cache WHERE workspace_id = @ws AND cache_key = @key
            """,
            cancellationToken,
            ("@ws", workspaceId),
            ("@key", key));
        return await reader.ReadAsync(cancellationToken)
            ? new StepCacheEntry(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                PipelineJson.Read(reader.GetString(5), "pipeline_cache.outputs"),
                reader.GetInt64(6))
            : null;
    }

    /// <summary>Stores the entry as given (its creation time included), replacing one with the same key.</summary>
    public static async Task SaveAsync(SqlSession session, string workspaceId, StepCacheEntry entry, CancellationToken cancellationToken)
    {
        await Workspace.EnsureAsync(session, workspaceId, session.Options.NowMillis(), cancellationToken);
        await session.ExecuteAsync(
            """
            INSERT INTO pipeline_cache (workspace_id, cache_key, pipeline, step, pipeline_run_id, tracking_run_id, outputs, creation_time)
            VALUES (@ws, @key, @pipeline, @step, @run, @tracking, @outputs, @time)
            ON CONFLICT (workspace_id, cache_key) DO UPDATE SET
                pipeline = excluded.pipeline, step = excluded.step, pipeline_run_id = excluded.pipeline_run_id,
                tracking_run_id = excluded.tracking_run_id, outputs = excluded.outputs, creation_time = excluded.creation_time
            """,
            cancellationToken,
            ("@ws", workspaceId),
            ("@key", entry.Key),
            ("@pipeline", entry.Pipeline),
            ("@step", entry.Step),
            ("@run", entry.PipelineRunId),
            ("@tracking", entry.TrackingRunId),
            ("@outputs", PipelineJson.Write(entry.Outputs)),
            ("@time", entry.CreationTime));
    }
}
