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
        bool staged,
        RunRow run,
        string metricKey,
        int maxResults,
        string? pageToken,
        CancellationToken cancellationToken)
    {
        var offset = PageToken.DecodeOffset(pageToken);
        var points = await MetricHistory.ReadAsync(session, staged, run.Key, metricKey, cancellationToken);
        var limit = maxResults > 0 ? maxResults : int.MaxValue;
        var start = (int)Math.Min(offset, points.Count);
        var count = Math.Min(limit, points.Count - start);
        var metrics = new List<Metric>(count);
        for (var i = start; i < start + count; i++)
        {
            var point = points[i];
            metrics.Add(new Metric(metricKey, point.Value, point.Timestamp, point.Step));
        }

        return new Page<Metric>(metrics, start + count < points.Count ? PageToken.Encode(start + count) : null);
    }

    /// <summary>See <see cref="ITrackingStore.GetMetricHistoryBulkIntervalAsync"/> and <see cref="MetricStepSampler"/>.</summary>
    public static async Task<IReadOnlyList<MetricWithRunId>> GetBulkIntervalAsync(
        SqlSession session,
        bool staged,
        IReadOnlyList<RunRow> runs,
        string metricKey,
        long? startStep,
        long? endStep,
        int maxResults,
        CancellationToken cancellationToken)
    {
        var first = startStep ?? long.MinValue;
        var last = endStep ?? long.MaxValue;
        var distinctRuns = runs.DistinctBy(r => r.Key).ToList();
        var pointsByRun = new Dictionary<long, List<MetricPoint>>();
        var stepsByRun = new Dictionary<long, List<long>>();
        foreach (var run in distinctRuns)
        {
            var points = await MetricHistory.ReadAsync(session, staged, run.Key, metricKey, cancellationToken);
            points.RemoveAll(p => p.Step < first || p.Step > last);
            pointsByRun[run.Key] = points;
            var steps = new List<long>();
            foreach (var point in points)
            {
                if (steps.Count == 0 || steps[^1] != point.Step)
                {
                    steps.Add(point.Step);
                }
            }

            stepsByRun[run.Key] = steps;
        }

        var allSteps = stepsByRun.Values.SelectMany(s => s).Distinct().Order().ToArray();
        var shared = MetricStepSampler.Sample(allSteps, maxResults).ToHashSet();
        var result = new List<MetricWithRunId>();
        foreach (var run in distinctRuns)
        {
            var chosen = MetricStepSampler.StepsForRun(stepsByRun[run.Key], shared, maxResults).ToHashSet();
            var taken = 0;
            foreach (var point in pointsByRun[run.Key])
            {
                if (taken == maxResults)
                {
                    break;
                }

                if (chosen.Contains(point.Step))
                {
                    result.Add(new MetricWithRunId(run.Info.RunId, new Metric(metricKey, point.Value, point.Timestamp, point.Step)));
                    taken++;
                }
            }
        }

        return result;
    }
}
