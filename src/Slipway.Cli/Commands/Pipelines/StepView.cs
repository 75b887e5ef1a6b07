using Slipway.Cli.Output;
using Slipway.Client.Pipelines;
using Slipway.Core.Pipelines;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary>How runs and steps look: a symbol and colour per status, durations, the step table of the live view and of <c>pipelines status</c>.</summary>
internal static class StepView
{
    private const int MaxMessageLength = 100;

    public static string Symbol(StepStatus status, bool unicode) => status switch
    {
        StepStatus.Pending => unicode ? "○" : ".",
        StepStatus.Waiting => unicode ? "◔" : "~",
        StepStatus.Running => unicode ? "▶" : ">",
        StepStatus.Retrying => unicode ? "↻" : "R",
        StepStatus.Succeeded => unicode ? "✔" : "+",
        StepStatus.Cached => unicode ? "✔" : "=",
        StepStatus.Failed => unicode ? "✖" : "x",
        StepStatus.Skipped => unicode ? "⊘" : "/",
        _ => unicode ? "■" : "!",
    };

    public static string Color(StepStatus status) => status switch
    {
        StepStatus.Waiting or StepStatus.Retrying => "yellow",
        StepStatus.Running => "blue",
        StepStatus.Succeeded => "green",
        StepStatus.Cached => "aqua",
        StepStatus.Failed => "red",
        StepStatus.Canceled => "darkorange",
        _ => "grey",
    };

    public static string Color(PipelineRunStatus status) => status switch
    {
        PipelineRunStatus.Running => "blue",
        PipelineRunStatus.Succeeded => "green",
        PipelineRunStatus.Failed => "red",
        PipelineRunStatus.Canceled => "darkorange",
        _ => "grey",
    };

    /// <summary>The status with its symbol, in its colour: <c>✔ succeeded</c>.</summary>
    public static IRenderable Status(StepStatus status, bool unicode) =>
        new Markup($"[{Color(status)}]{Markup.Escape(Symbol(status, unicode))} {status.Name()}[/]");

    public static IRenderable Status(PipelineRunStatus status) => new Markup($"[{Color(status)}]{status.Name()}[/]");

    /// <summary>How long something ran: until its end, or until <paramref name="now"/> while it runs; <c>-</c> before it started.</summary>
    public static string Duration(long? start, long? end, long now) =>
        start is { } started ? DisplayFormat.Duration(started, end ?? Math.Max(now, started)) : "-";

    public static string Duration(PipelineRunInfo run, long now) => Duration(run.StartTime, run.EndTime, now);

    /// <summary>What a step's row says besides its status: why it failed, when it retries, where a cache hit came from.</summary>
    public static string Detail(PipelineStepInfo step, long now)
    {
        var parts = new List<string>();
        if (step.ExitCode is { } exitCode && step.Status is StepStatus.Failed or StepStatus.Retrying && !SaysExitCode(step.Message, exitCode))
        {
            parts.Add($"exit code {exitCode}");
        }

        if (!string.IsNullOrWhiteSpace(step.Message))
        {
            parts.Add(step.Message.ReplaceLineEndings(" ").Trim());
        }
        else if (step.Status == StepStatus.Cached && step.CachedFrom is { } cachedFrom)
        {
            parts.Add($"outputs of run {cachedFrom}");
        }

        if (step.Status == StepStatus.Retrying && step.NextAttemptTime is { } next)
        {
            parts.Add($"retry in {DisplayFormat.Duration(now, Math.Max(now, next))}");
        }

        var text = string.Join("; ", parts);
        return text.Length <= MaxMessageLength ? text : string.Concat(text.AsSpan(0, MaxMessageLength - 3), "...");
    }

    /// <summary>
    /// A row per step in the run's order, a sweep's variants indented under it; with <paramref name="attempts"/>, a row
    /// per attempt under each step tried more than once.
    /// </summary>
    public static Table Table(PipelineRunInfo run, long now, bool unicode, bool attempts = false)
    {
        var table = CliWriter.NewTable("Step", "Status", "Duration", "Attempts", "Message");
        table.Columns[0].NoWrap = true;
        table.Columns[1].NoWrap = true;
        foreach (var step in Ordered(run.Steps))
        {
            var name = step.Sweep is null ? step.Name : "  " + step.Name;
            table.AddRow(
                new Text(name),
                Status(step.Status, unicode),
                new Text(Duration(step.StartTime, step.EndTime, now)),
                new Text(step.Attempts == 0 ? "-" : step.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(Detail(step, now)));
            if (attempts && step.AttemptHistory.Count > 1)
            {
                foreach (var attempt in step.AttemptHistory)
                {
                    table.AddRow(
                        new Text($"{name}  attempt {attempt.Number}", new Style(Spectre.Console.Color.Grey)),
                        Status(attempt.Status, unicode),
                        new Text(Duration(attempt.StartTime, attempt.EndTime, now)),
                        new Text(string.Empty),
                        new Text(string.Join("; ", new[] { attempt.ExitCode is { } code && !SaysExitCode(attempt.Message, code) ? $"exit code {code}" : null, attempt.Message }.OfType<string>())));
                }
            }
        }

        return table;
    }

    /// <summary>Whether a message already starts with the exit code, as the server's do for a non-zero exit (<c>exit code 3: bad input</c>).</summary>
    private static bool SaysExitCode(string? message, int exitCode) =>
        message is not null && (message == $"exit code {exitCode}" || message.StartsWith($"exit code {exitCode}:", StringComparison.Ordinal));

    /// <summary>The run's steps with each sweep's variants right after it (the server may list them anywhere; a variant whose sweep is missing stays where it is).</summary>
    public static IEnumerable<PipelineStepInfo> Ordered(IReadOnlyList<PipelineStepInfo> steps)
    {
        var sweeps = steps.Where(s => s.Sweep is null).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var variants = steps.Where(s => s.Sweep is not null && sweeps.Contains(s.Sweep)).ToLookup(s => s.Sweep!, StringComparer.Ordinal);
        foreach (var step in steps.Where(s => s.Sweep is null || !sweeps.Contains(s.Sweep)))
        {
            yield return step;
            foreach (var variant in variants[step.Name])
            {
                yield return variant;
            }
        }
    }

    /// <summary>"3 succeeded, 1 cached, 0 failed, 0 skipped" (and canceled ones, if any), counting variants rather than their sweeps.</summary>
    public static string Counts(PipelineRunInfo run)
    {
        var steps = run.Steps.Where(s => s.Variants.Count == 0).ToArray();
        int Count(StepStatus status) => steps.Count(s => s.Status == status);
        var counts = $"{Count(StepStatus.Succeeded)} succeeded, {Count(StepStatus.Cached)} cached, {Count(StepStatus.Failed)} failed, {Count(StepStatus.Skipped)} skipped";
        return Count(StepStatus.Canceled) is var canceled and > 0 ? $"{counts}, {canceled} canceled" : counts;
    }

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
