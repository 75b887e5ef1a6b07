using System.Globalization;
using Slipway.Core.Pipelines;
using Slipway.Core.Tracking;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Orchestration;

/// <summary>Sweeps: ranking the variants once they have all ended.</summary>
internal sealed partial class PipelineRunDriver
{
    /// <summary>Ranks a sweep's variants once they have all finished; the best one stands for the sweep from then on.</summary>
    private async Task FinishSweepAsync(PlannedStep sweep)
    {
        var done = sweep.Variants.Where(v => _states[v].Status.IsDone()).ToList();
        var rank = sweep.Spec.Matrix?.Rank;
        var ranked = await RankAsync(sweep);
        var failed = sweep.Variants.Count - done.Count;
        if (ranked.Count == 0)
        {
            var why = done.Count == 0 ? "every variant failed" : $"no variant logged the metric '{rank!.Metric}' it is ranked by";
            await EndStepAsync(sweep, StepStatus.Failed, RunStatus.Failed, why);
            return;
        }

        var best = ranked[0].Variant;
        _bestVariants[sweep.Name] = best;
        for (var i = 0; i < ranked.Count; i++)
        {
            await _services.Tracking.SetTagAsync(_workspaceId, RunIdOf(ranked[i].Variant), new Tag(PipelineTags.SweepRank, (i + 1).ToString(CultureInfo.InvariantCulture)), CancellationToken.None);
        }

        var sweepRun = await EnsureTrackingRunAsync(sweep, CancellationToken.None);
        var values = string.Join(", ", _planned[best].Matrix.Select(m => $"{m.Key}={m.Value}"));
        List<Metric> metrics = rank is null ? [] : [new("best_" + rank.Metric, ranked[0].Score!.Value, _services.Now, 0)];
        await _services.Tracking.LogBatchAsync(_workspaceId, sweepRun.Info.RunId, metrics, [], [new Tag(PipelineTags.SweepBest, best)], CancellationToken.None);
        var summary = rank is null
            ? $"best: {best} ({values}), the first of {done.Count} variants to succeed (no rank metric)"
            : $"best: {best} ({values}) with {rank.Metric} {ranked[0].Score!.Value.ToString("G6", CultureInfo.InvariantCulture)}, of {ranked.Count} ranked variants";
        if (failed > 0)
        {
            summary += $"; {failed} variant{(failed > 1 ? "s" : string.Empty)} failed";
        }

        await _services.Tracking.UpdateRunAsync(_workspaceId, sweepRun.Info.RunId, new RunUpdate(RunStatus.Finished, _services.Now, null), CancellationToken.None);
        await UpdateStepAsync(sweep.Name, new StepRunUpdate(Status: StepStatus.Succeeded, EndTime: _services.Now, Message: summary, Outputs: _states[best].Outputs));
    }

    /// <summary>The sweep's successful variants, best first (by the rank metric; in plan order when there is none).</summary>
    private async Task<List<(string Variant, double? Score)>> RankAsync(PlannedStep sweep)
    {
        var done = sweep.Variants.Where(v => _states[v].Status.IsDone()).ToList();
        var rank = sweep.Spec.Matrix?.Rank;
        var scored = new List<(string Variant, double? Score)>();
        foreach (var variant in done)
        {
            double? score = null;
            if (rank is not null)
            {
                var run = await _services.Tracking.GetRunAsync(_workspaceId, RunIdOf(variant), CancellationToken.None);
                score = run.Metrics.Where(m => m.Key == rank.Metric).Select(m => (double?)m.Value).FirstOrDefault();
            }

            scored.Add((variant, score));
        }

        var order = sweep.Variants.ToList();
        return rank is null
            ? scored
            : [.. scored.Where(s => s.Score is not null).OrderBy(s => rank.Maximize ? -s.Score!.Value : s.Score!.Value).ThenBy(s => order.IndexOf(s.Variant))];
    }
}
