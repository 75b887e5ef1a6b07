namespace Slipway.Client.Pipelines;

/// <summary>
/// A webhook that starts a registered pipeline when called: POST to <see cref="Url"/> (relative to the server's
/// address) with <see cref="Token"/> as <c>Authorization: Bearer</c>. The token is only known in the answer that
/// created the webhook; lists leave it null.
/// </summary>
public sealed record PipelineWebhookInfo(string Id, string Pipeline, string Url, string? Token, string? Creator, long CreationTime);
