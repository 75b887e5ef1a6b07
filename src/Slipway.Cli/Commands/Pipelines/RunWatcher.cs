using Slipway.Cli.Commands.Data;
using Slipway.Cli.Output;
using Slipway.Client;
using Slipway.Client.Pipelines;
using Slipway.Core.Pipelines;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary>
/// Watches a pipeline run until it ends: a live table of its steps on an interactive console, one line per change
/// elsewhere, nothing with JSON output. The first Ctrl+C asks the server to cancel the run and keeps watching while it
/// stops; a second one ends the command at once (the run still stops on the server).
/// </summary>
internal sealed class RunWatcher(CliContext context, SlipwayClient client, CliWriter output)
{
    /// <summary>How often the run is looked at.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The run's final state, and whether Ctrl+C canceled it.</summary>
    public async Task<(PipelineRunInfo Run, bool Interrupted)> WatchAsync(string pipelineRunId, CancellationToken cancellationToken)
    {
        var capabilities = context.Console.Profile.Capabilities;
        if (output.IsJson)
        {
            return await WaitAsync(pipelineRunId, progress: null, cancellationToken);
        }

        if (!capabilities.Interactive || !capabilities.Ansi)
        {
            var log = new StepChangeLog(output.Line);
            return await WaitAsync(pipelineRunId, new Reporter<PipelineRunInfo>(log.Report), cancellationToken);
        }

        var unicode = capabilities.Unicode;
        (PipelineRunInfo, bool) result = default;
        await context.Console.Live(new Text("Starting..."))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async live =>
            {
                var view = new Reporter<PipelineRunInfo>(run =>
                {
                    live.UpdateTarget(Render(run, unicode));
                    live.Refresh();
                });
                result = await WaitAsync(pipelineRunId, view, cancellationToken);
            });
        return result;
    }

    /// <summary>The live view: a headline with the run's status and duration, the step table, and what Ctrl+C does.</summary>
    public static IRenderable Render(PipelineRunInfo run, bool unicode)
    {
        var now = StepView.Now();
        var status = run.CancelRequested && !run.IsFinal ? "[darkorange]canceling[/]" : $"[{StepView.Color(run.Status)}]{run.Status.Name()}[/]";
        var headline = new Markup($"[bold]{Markup.Escape(run.Pipeline)}[/] run {Markup.Escape(run.Id)}: {status}, {StepView.Duration(run, now)}");
        IRenderable hint = run.IsFinal ? new Text(string.Empty)
            : run.CancelRequested ? new Markup("[grey]Waiting for the steps to stop; Ctrl+C again stops watching.[/]")
            : new Markup("[grey]Ctrl+C cancels the run.[/]");
        return new Rows(headline, StepView.Table(run, now, unicode), hint);
    }

    private async Task<(PipelineRunInfo, bool)> WaitAsync(string pipelineRunId, Reporter<PipelineRunInfo>? progress, CancellationToken cancellationToken)
    {
        using var interrupt = new ConsoleInterrupt(cancellationToken);
        try
        {
            return (await client.WaitForPipelineRunAsync(pipelineRunId, progress, PollInterval, interrupt.Token), false);
        }
        catch (OperationCanceledException) when (interrupt.WasInterrupted && !cancellationToken.IsCancellationRequested)
        {
            var canceling = await client.CancelPipelineRunAsync(pipelineRunId, cancellationToken);
            progress?.Report(canceling);
            return (await client.WaitForPipelineRunAsync(pipelineRunId, progress, PollInterval, cancellationToken), true);
        }
    }
}
