using Slipway.Core.Tracking;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>LogBatch, the ingestion hot path: params (immutable), tags and metrics of one active run.</summary>
internal static class RunDataWriter
{
    public static async Task LogBatchAsync(
        SqlSession session,
        string workspaceId,
        string runId,
        MetricBatch metrics,
        IReadOnlyList<Param> parameters,
        IReadOnlyList<Tag> tags,
        MetricChunkCompaction compaction,
        CancellationToken cancellationToken)
    {
        var runKey = await RunRepository.GetActiveKeyAsync(session, workspaceId, runId, cancellationToken);
        if (parameters.Count > 0)
        {
            await LogParamsAsync(session, runId, runKey, parameters, cancellationToken);
        }

        if (tags.Count > 0)
        {
            await RunRepository.SetTagsAsync(session, runKey, tags, cancellationToken);
        }

        if (!metrics.IsEmpty)
        {
            await compaction.AppendAsync(session, runKey, metrics, cancellationToken);
            await session.Dialect.UpsertLatestMetricsAsync(session, runKey, metrics.Latest, cancellationToken);
        }
    }

    /// <summary>
    /// Inserts new params; a param logged before must have the same value. The insert skips existing keys and
    /// reports the ones it added, so the comparison also holds against a concurrent writer (PostgreSQL).
    /// </summary>
    private static async Task LogParamsAsync(SqlSession session, string runId, long runKey, IReadOnlyList<Param> parameters, CancellationToken cancellationToken)
    {
        var unique = new Dictionary<string, string>(parameters.Count, StringComparer.Ordinal);
        foreach (var param in parameters)
        {
            if (unique.TryGetValue(param.Key, out var value))
            {
                if (value != param.Value)
                {
                    throw StoreErrors.DuplicateParamInBatch(param.Key);
                }
            }
            else
            {
                unique.Add(param.Key, param.Value);
            }
        }

        var insert = new SqlQuery().Append("INSERT INTO params (run_key, key, value) VALUES ");
        var run = insert.Bind(runKey);
        var first = true;
        foreach (var (key, value) in unique)
        {
            insert.Append(first ? "(" : ", (").Append(run).Append(", ").Append(insert.Bind(key)).Append(", ").Append(insert.Bind(value)).Append(")");
            first = false;
        }

        insert.Append(" ON CONFLICT DO NOTHING RETURNING key");
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await session.ReadAsync(insert, cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted.Add(reader.GetString(0));
            }
        }

        if (inserted.Count == unique.Count)
        {
            return;
        }

        var existing = new SqlQuery().Append("SELECT key, value FROM params WHERE run_key = ");
        existing.Append(existing.Bind(runKey)).Append(" AND key IN ")
            .Append(existing.BindList(unique.Keys.Where(k => !inserted.Contains(k))));
        await using var rows = await session.ReadAsync(existing, cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            var key = rows.GetString(0);
            var stored = rows.GetString(1);
            if (stored != unique[key])
            {
                throw StoreErrors.ParamChanged(runId, key, stored, unique[key]);
            }
        }
    }
}
