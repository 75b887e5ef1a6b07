using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary><c>slipway pipelines delete NAME</c></summary>
internal static class PipelinesDeleteCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = PipelineArguments.Name("The registered pipeline to delete.");
        var command = new Command("delete", "Unregister a pipeline: its schedules, triggers and webhooks stop; its runs and their tracking runs stay.") { name };
        command.WithExamples("slipway pipelines delete churn");
        command.SetClientAction(context, global, async call =>
        {
            var pipeline = call.Get(name);
            await call.Client.DeletePipelineAsync(pipeline, call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(new ChangeOutcome("pipeline.delete", pipeline), PipelinesJsonContext.Default.ChangeOutcome);
            }
            else
            {
                call.Output.Line($"Deleted pipeline '{pipeline}'; its runs stay.");
            }

            return 0;
        });
        return command;
    }
}
