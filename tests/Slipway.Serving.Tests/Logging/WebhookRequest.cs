namespace Slipway.Serving.Tests.Logging;

/// <summary>A request a <see cref="WebhookListener"/> received.</summary>
internal sealed record WebhookRequest(string Method, string Path, string? ContentType, byte[] Body);
