namespace Slipway.Serving.Protocols;

/// <summary>The V2 server metadata response (<c>GET /v2</c>): the server's name, version and the protocol extensions it supports.</summary>
public sealed record ServerMetadata(string Name, string Version, IReadOnlyList<string> Extensions);
