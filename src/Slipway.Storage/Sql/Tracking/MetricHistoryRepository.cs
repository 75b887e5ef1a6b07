using Slipway.Core.Search;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>Reads metric history: one run's full history by pages, or several runs' histories downsampled.</summary>
internal static class MetricHistoryRepository
{
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
        await using var reader = await session.ReadAsync(
            """
            SELECT run_key, key, value, timestamp, step, is_nan FROM metrics
            WHERE run_key = @run AND key = @key
            ORDER BY step, timestamp, is_nan, value
            LIMIT @limit OFFSET @offset
            """,
            cancellationToken,
            ("@run", run.Key),
            ("@key", metricKey),
            ("@limit", (long)limit + 1),
            ("@offset", (long)offset));
        var metrics = new List<Metric>();
        while (await reader.ReadAsync(cancellationToken))
        {
            metrics.Add(RunLoader.ReadMetric(reader));
        }

        if (metrics.Count > limit)
        {
            metrics.RemoveAt(metrics.Count - 1);
            return new Page<Metric>(metrics, PageToken.Encode(offset + limit));
        }

        return new Page<Metric>(metrics, null);
    }

    /// <summary>See <see cref="ITrackingStore.GetMetricHistoryBulkIntervalAsync"/> and <see cref="MetricStepSampler"/>.</summary>
    public static async Task<IReadOnlyList<MetricWithRunId>> GetBulkIntervalAsync(
        SqlSession session,
        IReadOnlyList<RunRow> runs,
        string metricKey,
        long? startStep,
        long? endStep,
        int maxResults,
        CancellationToken cancellationToken)
    {
        var keys = runs.Select(r => r.Key).Distinct().ToArray();
        var range = new (string, object?)[] { ("@metric", metricKey), ("@start", startStep ?? long.MinValue), ("@end", endStep ?? long.MaxValue) };
        var stepsByRun = await KeyedRows.LoadAsync(
            session,
            """
            SELECT DISTINCT run_key, step FROM metrics
            WHERE {keys} AND key = @metric AND step >= @start AND step <= @end
            ORDER BY run_key, step
            """,
            "run_key",
            keys,
            reader => reader.GetInt64(1),
            cancellationToken,
            range);
        if (stepsByRun.Count == 0)
        {
            return [];
        }

        var allSteps = stepsByRun.Values.SelectMany(s => s).Distinct().Order().ToArray();
        var shared = MetricStepSampler.Sample(allSteps, maxResults).ToHashSet();
        var chosenByRun = stepsByRun.ToDictionary(r => r.Key, r => MetricStepSampler.StepsForRun(r.Value, shared, maxResults).ToHashSet());
        var chosenSteps = chosenByRun.Values.SelectMany(s => s).Distinct().ToArray();

        var values = await KeyedRows.LoadAsync(
            session,
            """
            SELECT run_key, key, value, timestamp, step, is_nan FROM metrics
            WHERE {keys} AND key = @metric AND @steps
            ORDER BY run_key, step, timestamp, is_nan, value
            """.Replace("@steps", session.Dialect.InKeyList("step", "@steps"), StringComparison.Ordinal),
            "run_key",
            stepsByRun.Keys,
            RunLoader.ReadMetric,
            cancellationToken,
            ("@metric", metricKey),
            ("@steps", session.Dialect.KeyListValue(chosenSteps)));

        var result = new List<MetricWithRunId>();
        foreach (var run in runs.DistinctBy(r => r.Key))
        {
            if (!chosenByRun.TryGetValue(run.Key, out var chosen))
            {
                continue;
            }

            result.AddRange(values.For(run.Key)
                .Where(m => chosen.Contains(m.Step))
                .Take(maxResults)
                .Select(m => new MetricWithRunId(run.Info.RunId, m)));
        }

        return result;
    }
}
