namespace Slipway.Client;

/// <summary>
/// A new API token: <see cref="Token"/> is the secret itself, which the server keeps only as a hash and never shows
/// again, so store it at once.
/// </summary>
public sealed record CreatedApiToken(string Token, ApiToken Info);
