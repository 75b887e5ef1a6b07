using System.CommandLine;
using Slipway.Core.Pipelines;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary><c>slipway pipelines cancel RUN_ID</c></summary>
internal static class PipelinesCancelCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var runId = PipelineArguments.RunId("The pipeline run to cancel.");
        var command = new Command("cancel", "Cancel a pipeline run: its running steps are stopped and the rest do not start.") { runId };
        command.WithExamples("slipway pipelines cancel 5f1c0a7e9b2d4c3e8f6a1b2c3d4e5f60");
        command.SetClientAction(context, global, async call =>
        {
            var run = await call.Client.CancelPipelineRunAsync(call.Get(runId), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(run, PipelinesJsonContext.Default.PipelineRunInfo);
            }
            else
            {
                call.Output.Line(run.IsFinal
                    ? $"Run {run.Id} of pipeline {run.Pipeline} had already ended ({run.Status.Name()})."
                    : $"Canceling run {run.Id} of pipeline {run.Pipeline}; its running steps are being stopped. See it end: slipway pipelines status {run.Id}");
            }

            return 0;
        });
        return command;
    }
}
