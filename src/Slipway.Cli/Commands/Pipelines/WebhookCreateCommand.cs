using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary><c>slipway pipelines webhook create PIPELINE</c></summary>
internal static class WebhookCreateCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var pipeline = PipelineArguments.Name("The registered pipeline the webhook starts.");
        var command = new Command(
            "create",
            "Create a webhook that starts a registered pipeline, and print its URL and secret token. The token is shown this once: store it where the caller keeps secrets.")
        {
            pipeline,
        };
        command.WithExamples(
            "slipway pipelines webhook create churn",
            "slipway pipelines webhook create churn --output json | jq -r .token");
        command.SetClientAction(context, global, async call =>
        {
            var webhook = WebhookCommand.WithAbsoluteUrl(await call.Client.CreatePipelineWebhookAsync(call.Get(pipeline), call.CancellationToken), call.Client);
            if (call.Output.IsJson)
            {
                call.Output.Json(webhook, PipelinesJsonContext.Default.PipelineWebhookInfo);
                return 0;
            }

            call.Output.Line($"Created webhook {webhook.Id} for pipeline {webhook.Pipeline}.");
            call.Output.Line($"URL:   {webhook.Url}");
            call.Output.Line($"Token: {DisplayFormat.OrDash(webhook.Token)}");
            call.Output.Note("The token is shown only now. Call the webhook with it as a bearer token; a JSON body may override params:");
            call.Output.Line($"  curl -X POST -H \"Authorization: Bearer $TOKEN\" -H \"Content-Type: application/json\" -d '{{\"params\":{{\"lr\":\"0.01\"}}}}' {webhook.Url}");
            return 0;
        });
        return command;
    }
}
