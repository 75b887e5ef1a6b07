namespace Slipway.Client;

/// <summary>
/// What <c>/api/v1/server-info</c> reports: the server version and every other top-level field (store kind, schema
/// version, ...) as text, keyed by its JSON name.
/// </summary>
public sealed record ServerInfo(string? Version, IReadOnlyDictionary<string, string> Properties);
