using System.Data.Common;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>
/// Fills in the data of a set of runs (latest metrics, params, tags, dataset inputs) with one query per
/// kind of data, whatever the number of runs.
/// </summary>
internal static class RunLoader
{
    public static async Task<IReadOnlyList<Run>> LoadAsync(SqlSession session, IReadOnlyList<RunRow> runs, CancellationToken cancellationToken)
    {
        if (runs.Count == 0)
        {
            return [];
        }

        var keys = runs.Select(r => r.Key).ToArray();
        var metrics = await KeyedRows.LoadAsync(
            session,
            "SELECT run_key, key, value, timestamp, step, is_nan FROM latest_metrics WHERE {keys} ORDER BY run_key, key",
            "run_key",
            keys,
            ReadMetric,
            cancellationToken);
        var parameters = await KeyedRows.LoadAsync(
            session,
            "SELECT run_key, key, value FROM params WHERE {keys} ORDER BY run_key, key",
            "run_key",
            keys,
            reader => new Param(reader.GetString(1), reader.GetString(2)),
            cancellationToken);
        var tags = await KeyedRows.LoadAsync(
            session,
            "SELECT run_key, key, value FROM run_tags WHERE {keys} ORDER BY run_key, key",
            "run_key",
            keys,
            reader => new Tag(reader.GetString(1), reader.GetString(2)),
            cancellationToken);
        var inputs = await DatasetInputRepository.LoadAsync(session, keys, cancellationToken);

        var result = new Run[runs.Count];
        for (var i = 0; i < runs.Count; i++)
        {
            var key = runs[i].Key;
            result[i] = new Run(runs[i].Info, metrics.For(key), parameters.For(key), tags.For(key), inputs.For(key));
        }

        return result;
    }

    /// <summary>Reads (key, value, timestamp, step, is_nan) from column 1 on; a NaN is stored as 0 with is_nan set.</summary>
    public static Metric ReadMetric(DbDataReader reader) =>
        new(reader.GetString(1), reader.GetInt32(5) != 0 ? double.NaN : reader.GetDouble(2), reader.GetInt64(3), reader.GetInt64(4));
}
