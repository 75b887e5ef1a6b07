using Microsoft.AspNetCore.Http.Metadata;

namespace Slipway.Server.Hosting;

/// <summary>A route's own request body limit (413 beyond it), tighter than the server-wide one.</summary>
public sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata
{
    /// <summary>For small management messages (users, tokens, members, permissions): nothing legitimate comes near it.</summary>
    public static BodySizeLimit Management { get; } = new(64 * 1024);
}
