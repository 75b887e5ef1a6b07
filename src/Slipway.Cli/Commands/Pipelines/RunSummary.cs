using Slipway.Cli.Output;
using Slipway.Client.Pipelines;
using Slipway.Core.Pipelines;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary>What <c>slipway run</c> prints once a run has ended: how it went, the steps that failed, and where to look next.</summary>
internal static class RunSummary
{
    /// <summary>Exit code 0 for a run that succeeded, 1 for one that failed or was canceled.</summary>
    public static int ExitCode(PipelineRunInfo run) => run.Status == PipelineRunStatus.Succeeded ? 0 : 1;

    /// <param name="server">The server's address, for people (and tools) that look at the tracking run.</param>
    /// <param name="embedded">The server ran in this process and stops with it.</param>
    public static IEnumerable<string> Lines(PipelineRunInfo run, Uri server, bool embedded)
    {
        var duration = StepView.Duration(run, StepView.Now());
        var message = string.IsNullOrWhiteSpace(run.Message) ? string.Empty : $" ({run.Message.ReplaceLineEndings(" ").Trim()})";
        yield return $"Pipeline {run.Pipeline} {run.Status.Name()} in {duration}{message}: {StepView.Counts(run)}.";
        var failed = run.Steps.Where(s => s.Status == StepStatus.Failed && s.Variants.Count == 0).ToArray();
        foreach (var step in failed)
        {
            yield return $"  {StepChangeLog.Describe(step, StepView.Now())}";
        }

        yield return $"  Steps:    slipway pipelines status {run.Id}";
        yield return failed.Length == 1
            ? $"  Logs:     slipway runs logs {run.Id} --step {failed[0].Name}"
            : $"  Logs:     slipway runs logs {run.Id}";
        if (embedded)
        {
            // The server that ran it stopped with this command: point at where the data is and how to serve it again.
            yield return $"  Tracking: run {run.Id} in experiment {DisplayFormat.OrDash(run.ExperimentId)}, kept in ~/.slipway";
            yield return "  The server in this process has stopped: run `slipway server` (http://127.0.0.1:5000) to look at this run, its steps and logs.";
        }
        else
        {
            yield return $"  Tracking: run {run.Id} in experiment {DisplayFormat.OrDash(run.ExperimentId)} on {server.AbsoluteUri.TrimEnd('/')}";
        }
    }
}
