using System.CommandLine;
using Slipway.Client;
using Slipway.Client.Pipelines;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary><c>slipway pipelines webhook create|list|delete ...</c></summary>
internal static class WebhookCommand
{
    public static Command Create(CliContext context, GlobalOptions global) => new Command(
        "webhook", "Manage the webhooks that start a registered pipeline: a URL and a secret token to POST to, from CI or a data platform.")
    {
        WebhookCreateCommand.Create(context, global),
        WebhookListCommand.Create(context, global),
        WebhookDeleteCommand.Create(context, global),
    }.WithExamples(
        "slipway pipelines webhook create churn",
        "slipway pipelines webhook list churn",
        "slipway pipelines webhook delete churn wh_4f2a9c");

    /// <summary>The webhook with its URL made absolute against the server's address, as callers need it.</summary>
    public static PipelineWebhookInfo WithAbsoluteUrl(PipelineWebhookInfo webhook, SlipwayClient client) =>
        webhook.Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || webhook.Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? webhook
            : webhook with { Url = new Uri(client.BaseUri, webhook.Url.TrimStart('/')).AbsoluteUri };
}
