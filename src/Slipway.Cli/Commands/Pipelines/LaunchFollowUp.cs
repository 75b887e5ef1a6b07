using Slipway.Cli.Commands.Data;
using Slipway.Client.Pipelines;
using Slipway.Core.Pipelines;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary>
/// What <c>slipway run</c>, <c>pipelines start</c> and <c>pipelines retry</c> do once the server has answered a
/// launch: say that nothing started, or print the run and either exit or watch it to the end and sum it up.
/// </summary>
internal static class LaunchFollowUp
{
    /// <param name="wait">Watch the run until it ends; otherwise print its id and where to look.</param>
    /// <param name="embedded">The server runs in this process (and stops when the command ends).</param>
    /// <returns>
    /// 0 when nothing started, when not waiting, or when the run succeeded; 1 when it failed or was canceled;
    /// <see cref="ConsoleInterrupt.ExitCode"/> when Ctrl+C canceled it.
    /// </returns>
    /// <param name="showOutput">Steps whose output is printed once the run ends.</param>
    public static async Task<int> HandleAsync(CliContext context, ClientInvocation call, LaunchOutcome outcome, bool wait, bool embedded, IReadOnlyList<string>? showOutput = null)
    {
        if (outcome.Run is not { } run)
        {
            Note(context, call, $"Nothing started: {outcome.Skipped}.");
            WriteJson(call, outcome);
            return 0;
        }

        Note(context, call, run.Status == PipelineRunStatus.Queued
            ? $"Queued run {run.Id} of pipeline {run.Pipeline}{(string.IsNullOrEmpty(run.Message) ? string.Empty : ": " + run.Message)}."
            : $"Started run {run.Id} of pipeline {run.Pipeline}.");
        if (!wait)
        {
            WriteJson(call, outcome);
            Note(context, call, $"Watch it: slipway pipelines status {run.Id}; its logs: slipway runs logs {run.Id} --follow");
            return 0;
        }

        var (final, interrupted) = await new RunWatcher(context, call.Client, call.Output).WatchAsync(run.Id, call.CancellationToken);
        if (call.Output.IsJson)
        {
            call.Output.Json(final, PipelinesJsonContext.Default.PipelineRunInfo);
        }
        else
        {
            foreach (var step in showOutput ?? [])
            {
                await ShowOutputAsync(call, final, step);
            }

            foreach (var line in RunSummary.Lines(final, call.Client.BaseUri, embedded))
            {
                call.Output.Line(line);
            }
        }

        return interrupted ? ConsoleInterrupt.ExitCode : RunSummary.ExitCode(final);
    }

    /// <summary>Progress for people: on stdout with table output, on stderr with JSON (which keeps stdout to itself).</summary>
    public static void Note(CliContext context, ClientInvocation call, string text)
    {
        if (call.Output.IsJson)
        {
            context.Error.WriteLine(text);
            context.Error.Flush();
        }
        else
        {
            call.Output.Line(text);
        }
    }

    private static async Task ShowOutputAsync(ClientInvocation call, PipelineRunInfo run, string step)
    {
        if (!run.Steps.Any(s => s.Name == step))
        {
            call.Output.Line($"--show-output {step}: the pipeline has no step named '{step}'.");
            return;
        }

        call.Output.Line($"Output of {step}:");
        var any = false;
        await call.Client.ReadLogsAsync(run.Id, step, line =>
        {
            any = true;
            call.Output.Line("  " + line.Text);
        }, call.CancellationToken);
        if (!any)
        {
            call.Output.Line("  (nothing)");
        }
    }

    private static void WriteJson(ClientInvocation call, LaunchOutcome outcome)
    {
        if (call.Output.IsJson)
        {
            call.Output.Json(outcome, PipelinesJsonContext.Default.LaunchOutcome);
        }
    }
}
