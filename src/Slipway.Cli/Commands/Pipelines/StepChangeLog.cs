using Slipway.Client.Pipelines;
using Slipway.Core.Pipelines;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary>
/// The watch of a run where there is no live view (a pipe, a CI log): one line each time the run or a step changes
/// state, such as <c>train: failed after 3.2s (exit code 1): out of memory</c>.
/// </summary>
internal sealed class StepChangeLog(Action<string> writeLine)
{
    private readonly Dictionary<string, (StepStatus Status, int Attempts)> _steps = new(StringComparer.Ordinal);
    private PipelineRunStatus? _run;
    private bool _cancelRequested;

    public void Report(PipelineRunInfo run)
    {
        // "Started run ..." was said already; what is worth a line is a run that waits, and the end of its wait.
        if (_run != run.Status && !run.IsFinal && (_run is not null || run.Status != PipelineRunStatus.Running))
        {
            writeLine($"run {run.Id}: {run.Status.Name()}{(string.IsNullOrEmpty(run.Message) ? string.Empty : ": " + run.Message)}");
        }

        _run = run.Status;

        if (run.CancelRequested && !_cancelRequested)
        {
            _cancelRequested = true;
            writeLine($"run {run.Id}: canceling");
        }

        var now = StepView.Now();
        foreach (var step in StepView.Ordered(run.Steps).Where(s => s.Variants.Count == 0))
        {
            var state = (step.Status, step.Attempts);
            if ((_steps.TryGetValue(step.Name, out var previous) ? previous : (StepStatus.Pending, 0)) != state)
            {
                _steps[step.Name] = state;
                writeLine(Describe(step, now));
            }
        }
    }

    /// <summary>One line for a step's new state.</summary>
    public static string Describe(PipelineStepInfo step, long now)
    {
        var detail = StepView.Detail(step, now);
        var duration = StepView.Duration(step.StartTime, step.EndTime, now);
        var attempt = step.Attempts > 1 ? $" (attempt {step.Attempts})" : string.Empty;
        var text = step.Status switch
        {
            StepStatus.Waiting => "waiting for resources",
            StepStatus.Running => $"running{attempt}",
            StepStatus.Retrying => $"attempt {step.Attempts} failed",
            StepStatus.Succeeded or StepStatus.Failed => $"{step.Status.Name()} after {duration}{attempt}",
            _ => step.Status.Name(),
        };
        return detail.Length == 0 ? $"{step.Name}: {text}" : $"{step.Name}: {text}: {detail}";
    }
}
