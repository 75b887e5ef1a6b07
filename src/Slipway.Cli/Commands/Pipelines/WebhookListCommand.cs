using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary><c>slipway pipelines webhook list PIPELINE</c></summary>
internal static class WebhookListCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var pipeline = PipelineArguments.Name("The registered pipeline whose webhooks to list.");
        var command = new Command("list", "List the webhooks of a registered pipeline (their tokens are never shown again).") { pipeline };
        command.WithExamples("slipway pipelines webhook list churn");
        command.SetClientAction(context, global, async call =>
        {
            var webhooks = (await call.Client.ListPipelineWebhooksAsync(call.Get(pipeline), call.CancellationToken))
                .Select(w => WebhookCommand.WithAbsoluteUrl(w, call.Client)).ToArray();
            if (call.Output.IsJson)
            {
                call.Output.Json<IReadOnlyList<Client.Pipelines.PipelineWebhookInfo>>(webhooks, PipelinesJsonContext.Default.IReadOnlyListPipelineWebhookInfo);
                return 0;
            }

            if (webhooks.Length == 0)
            {
                call.Output.Note($"Pipeline '{call.Get(pipeline)}' has no webhooks. Create one with `slipway pipelines webhook create {call.Get(pipeline)}`.");
                return 0;
            }

            var table = CliWriter.NewTable("ID", "URL", "Creator", "Created");
            foreach (var webhook in webhooks)
            {
                CliWriter.AddRow(table, webhook.Id, webhook.Url, DisplayFormat.OrDash(webhook.Creator), DisplayFormat.Timestamp(webhook.CreationTime));
            }

            call.Output.Render(table);
            return 0;
        });
        return command;
    }
}
