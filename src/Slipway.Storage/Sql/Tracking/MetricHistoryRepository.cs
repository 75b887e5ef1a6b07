using Slipway.Core.Search;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>Reads metric history: one run's full history by pages, or several runs' histories downsampled.</summary>
internal static class MetricHistoryRepository
{
    /// <summary>The primary key's order, so databases read the history in place rather than sorting it.</summary>
    public const string HistoryOrder = "ORDER BY step, timestamp, value, is_nan";

    public static Metric ReadHistoryRow(System.Data.Common.DbDataReader reader, string key) =>
        new(key, reader.GetInt32(3) != 0 ? double.NaN : reader.GetDouble(2), reader.GetInt64(1), reader.GetInt64(0));

    /// <summary>A page of one metric's history ordered by step, then timestamp. A non-positive <paramref name="maxResults"/> means no limit.</summary>
    public static async Task<Page<Metric>> GetHistoryAsync(
        SqlSession session,
        RunRow run,
        string metricKey,
        int maxResults,
        string? pageToken,
        CancellationToken cancellationToken)
    {
        var offset = PageToken.DecodeOffset(pageToken);
        var limit = maxResults > 0 ? maxResults : int.MaxValue - 1;
        var metrics = await session.Dialect.ReadMetricHistoryAsync(session, run.Key, metricKey, (long)limit + 1, offset, cancellationToken);
        if (metrics.Count > limit)
        {
            metrics.RemoveAt(metrics.Count - 1);
            return new Page<Metric>(metrics, PageToken.Encode(offset + limit));
        }

        return new Page<Metric>(metrics, null);
    }

    /// <summary>
    /// See <see cref="ITrackingStore.GetMetricHistoryBulkIntervalAsync"/> and <see cref="MetricStepSampler"/>. Each
    /// run is read with its own queries on (run_key, key, step), which every database can answer from the
    /// primary key (a key list shared by the runs would hide that from SQLite's planner).
    /// </summary>
    public static async Task<IReadOnlyList<MetricWithRunId>> GetBulkIntervalAsync(
        SqlSession session,
        IReadOnlyList<RunRow> runs,
        string metricKey,
        long? startStep,
        long? endStep,
        int maxResults,
        CancellationToken cancellationToken)
    {
        var distinctRuns = runs.DistinctBy(r => r.Key).ToList();
        var stepsByRun = new Dictionary<long, List<long>>();
        foreach (var run in distinctRuns)
        {
            var steps = new List<long>();
            await using var reader = await session.ReadAsync(
                $"SELECT DISTINCT step FROM ({session.Dialect.SelectMetricHistory("run_key = @run AND key = @metric AND step >= @start AND step <= @end")}) h ORDER BY step",
                cancellationToken,
                ("@run", run.Key),
                ("@metric", metricKey),
                ("@start", startStep ?? long.MinValue),
                ("@end", endStep ?? long.MaxValue));
            while (await reader.ReadAsync(cancellationToken))
            {
                steps.Add(reader.GetInt64(0));
            }

            stepsByRun[run.Key] = steps;
        }

        var allSteps = stepsByRun.Values.SelectMany(s => s).Distinct().Order().ToArray();
        var shared = MetricStepSampler.Sample(allSteps, maxResults).ToHashSet();
        var result = new List<MetricWithRunId>();
        foreach (var run in distinctRuns)
        {
            var chosen = MetricStepSampler.StepsForRun(stepsByRun[run.Key], shared, maxResults);
            if (chosen.Count == 0)
            {
                continue;
            }

            var query = new SqlQuery();
            var condition = $"run_key = {query.Bind(run.Key)} AND key = {query.Bind(metricKey)} AND step IN {query.BindList(chosen.Cast<object>())}";
            query.Append(session.Dialect.SelectMetricHistory(condition))
                .Append(' ' + HistoryOrder + " LIMIT ")
                .Append(query.Bind((long)maxResults));
            await using var reader = await session.ReadAsync(query, cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                result.Add(new MetricWithRunId(run.Info.RunId, ReadHistoryRow(reader, metricKey)));
            }
        }

        return result;
    }
}
