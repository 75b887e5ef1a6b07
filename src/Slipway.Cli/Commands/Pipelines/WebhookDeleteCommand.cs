using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary><c>slipway pipelines webhook delete PIPELINE ID</c></summary>
internal static class WebhookDeleteCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var pipeline = PipelineArguments.Name("The registered pipeline the webhook belongs to.");
        var id = new Argument<string>("id") { Description = "The webhook's id (see `slipway pipelines webhook list`).", HelpName = "id" };
        var command = new Command("delete", "Delete a webhook: calls to its URL are refused from then on.") { pipeline, id };
        command.WithExamples("slipway pipelines webhook delete churn wh_4f2a9c");
        command.SetClientAction(context, global, async call =>
        {
            var webhookId = call.Get(id);
            await call.Client.DeletePipelineWebhookAsync(call.Get(pipeline), webhookId, call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(new ChangeOutcome("pipeline.webhook.delete", webhookId), PipelinesJsonContext.Default.ChangeOutcome);
            }
            else
            {
                call.Output.Line($"Deleted webhook {webhookId} of pipeline {call.Get(pipeline)}.");
            }

            return 0;
        });
        return command;
    }
}
