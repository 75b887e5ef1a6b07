namespace Slipway.Storage.Sql.Tracking;

/// <summary>
/// Chooses the steps that bulk metric history returns, as MLflow's get-history-bulk-interval does: at most
/// <c>maxResults</c> steps evenly spaced over the distinct steps logged by all the runs, plus each run's own
/// first and last step in range so no run's line is cut short.
/// </summary>
internal static class MetricStepSampler
{
    /// <summary>At most <paramref name="maxResults"/> of the sorted distinct <paramref name="steps"/>, always the first and the last.</summary>
    public static IReadOnlyList<long> Sample(IReadOnlyList<long> steps, int maxResults)
    {
        if (steps.Count <= maxResults)
        {
            return steps;
        }

        if (maxResults <= 1)
        {
            return maxResults == 1 ? [steps[^1]] : [];
        }

        var sampled = new List<long>(maxResults);
        for (var i = 0; i < maxResults; i++)
        {
            // Evenly spaced indexes from 0 to Count - 1; they are distinct because Count > maxResults.
            var index = (int)((long)i * (steps.Count - 1) / (maxResults - 1));
            sampled.Add(steps[index]);
        }

        return sampled;
    }

    /// <summary>
    /// The steps to return for one run: its logged steps that are in the shared sample, with its first and last
    /// step added, thinned again to <paramref name="maxResults"/> if the additions overflow it.
    /// </summary>
    public static IReadOnlyList<long> StepsForRun(IReadOnlyList<long> runSteps, IReadOnlySet<long> sharedSample, int maxResults)
    {
        if (runSteps.Count == 0)
        {
            return [];
        }

        var chosen = new List<long>();
        for (var i = 0; i < runSteps.Count; i++)
        {
            if (i == 0 || i == runSteps.Count - 1 || sharedSample.Contains(runSteps[i]))
            {
                chosen.Add(runSteps[i]);
            }
        }

        return Sample(chosen, maxResults);
    }
}
