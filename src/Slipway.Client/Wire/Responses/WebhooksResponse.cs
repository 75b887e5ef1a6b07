namespace Slipway.Client.Wire.Responses;

internal sealed record WebhooksResponse
{
    public List<WireWebhook>? Webhooks { get; init; }
}
