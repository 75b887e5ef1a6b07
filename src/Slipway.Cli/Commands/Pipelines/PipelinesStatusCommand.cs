using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Client.Pipelines;
using Slipway.Core.Pipelines;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary><c>slipway pipelines status RUN_ID</c></summary>
internal static class PipelinesStatusCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var runId = PipelineArguments.RunId();
        var command = new Command("status", "Show a pipeline run: its params, trigger and code, and each step with its status, duration and attempts.") { runId };
        command.WithExamples(
            "slipway pipelines status 5f1c0a7e9b2d4c3e8f6a1b2c3d4e5f60",
            "slipway pipelines status 5f1c0a7e9b2d4c3e8f6a1b2c3d4e5f60 --output json");
        command.SetClientAction(context, global, async call =>
        {
            var run = await call.Client.GetPipelineRunAsync(call.Get(runId), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(run, PipelinesJsonContext.Default.PipelineRunInfo);
                return 0;
            }

            var now = StepView.Now();
            call.Output.Render(InfoGrid(run, now));
            call.Output.Render(StepView.Table(run, now, context.Console.Profile.Capabilities.Unicode, attempts: true));
            if (!run.IsFinal)
            {
                call.Output.Note($"Follow it: slipway runs logs {run.Id} --follow");
            }
            else if (run.Status != PipelineRunStatus.Succeeded)
            {
                call.Output.Note($"Logs: slipway runs logs {run.Id}; run it again: slipway pipelines retry {run.Id}");
            }

            return 0;
        });
        return command;
    }

    private static Grid InfoGrid(PipelineRunInfo run, long now)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string label, IRenderable value) => grid.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), value);
        void TextRow(string label, string value) => Row(label, new Text(value));
        TextRow("Run ID", run.Id);
        TextRow("Pipeline", run.Pipeline);
        Row("Status", run.CancelRequested && !run.IsFinal ? new Markup("[darkorange]canceling[/]") : StepView.Status(run.Status));
        TextRow("Message", DisplayFormat.OrDash(run.Message));
        TextRow("Trigger", run.TriggerDetail is null ? run.Trigger : $"{run.Trigger} ({run.TriggerDetail})");
        TextRow("Params", run.Params.Count == 0 ? "-" : string.Join(", ", run.Params.Select(p => $"{p.Key}={p.Value}")));
        TextRow("Code", DisplayFormat.OrDash(run.Code));
        TextRow("Creator", DisplayFormat.OrDash(run.Creator));
        TextRow("Created", DisplayFormat.Timestamp(run.CreationTime));
        TextRow("Started", DisplayFormat.Timestamp(run.StartTime));
        TextRow("Ended", DisplayFormat.Timestamp(run.EndTime));
        TextRow("Duration", StepView.Duration(run, now));
        TextRow("Experiment", DisplayFormat.OrDash(run.ExperimentId));
        return grid;
    }
}
