using Slipway.Storage.Sql;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Migrations;

/// <summary>
/// The data step of the metric chunks migration: reads the one-row-per-value history tables of schemas
/// before it, writes their values as chunks (sorted, each logged value once, up to
/// <see cref="MetricChunkCompaction.MaxChunkValues"/> per chunk), and drops those tables, all in the
/// migration's transaction.
/// </summary>
internal static class MetricChunkConversion
{
    public static Func<SqlSession, CancellationToken, Task> From(params string[] tables) =>
        (session, cancellationToken) => ConvertAsync(session, tables, cancellationToken);

    // One run at a time, so memory holds one run's history; each run's rows are read to the end before its
    // chunks are written (PostgreSQL runs one command at a time per connection).
    private static async Task ConvertAsync(SqlSession session, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        var runKeys = new List<long>();
        var allRuns = string.Join(" UNION ", tables.Select(t => $"SELECT DISTINCT run_key FROM {t}"));
        await using (var reader = await session.ReadAsync(allRuns, cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                runKeys.Add(reader.GetInt64(0));
            }
        }

        var oneRun = string.Join(" UNION ALL ", tables.Select(t => $"SELECT key, step, timestamp, value, is_nan FROM {t} WHERE run_key = @run"));
        foreach (var runKey in runKeys)
        {
            var byKey = new Dictionary<string, List<MetricPoint>>(StringComparer.Ordinal);
            await using (var reader = await session.ReadAsync(oneRun, cancellationToken, ("@run", runKey)))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var key = reader.GetString(0);
                    if (!byKey.TryGetValue(key, out var points))
                    {
                        points = [];
                        byKey.Add(key, points);
                    }

                    points.Add(new MetricPoint(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(4) != 0 ? double.NaN : reader.GetDouble(3)));
                }
            }

            var chunks = new List<MetricChunk>();
            foreach (var (key, points) in byKey)
            {
                chunks.AddRange(MetricChunk.Merged(key, points));
            }

            await session.Dialect.InsertMetricChunksAsync(session, runKey, chunks, cancellationToken);
        }

        foreach (var table in tables)
        {
            await session.ExecuteAsync($"DROP TABLE {table}", cancellationToken);
        }
    }
}
