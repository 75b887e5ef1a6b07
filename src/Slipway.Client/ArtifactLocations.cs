namespace Slipway.Client;

/// <summary>
/// Maps artifact URIs to paths of the server's proxied artifact API: a run whose artifact URI is
/// <c>mlflow-artifacts:/1/abc/artifacts</c> keeps its files under the artifact path <c>1/abc/artifacts/...</c>.
/// </summary>
public static class ArtifactLocations
{
    public const string ProxyScheme = "mlflow-artifacts";
    private const string ProxyHttpPrefix = "/api/2.0/mlflow-artifacts/artifacts";

    /// <summary>
    /// The proxied artifact path of <paramref name="relativePath"/> under <paramref name="artifactUri"/>. Accepts
    /// <c>mlflow-artifacts:/p</c>, <c>mlflow-artifacts://host:port/p</c> and the server's own http(s) artifact URLs.
    /// </summary>
    /// <exception cref="NotSupportedException">The URI points at storage the client cannot reach through the server.</exception>
    public static string ToProxiedPath(string artifactUri, string? relativePath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactUri);
        return Combine(RootPath(artifactUri), relativePath);
    }

    /// <summary>Joins artifact path segments with <c>/</c>, dropping empty segments and turning backslashes into slashes.</summary>
    public static string Combine(params ReadOnlySpan<string?> parts)
    {
        var segments = new List<string>();
        foreach (var part in parts)
        {
            if (!string.IsNullOrEmpty(part))
            {
                segments.AddRange(part.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return string.Join('/', segments);
    }

    private static string RootPath(string artifactUri)
    {
        if (artifactUri.StartsWith(ProxyScheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            var rest = artifactUri[(ProxyScheme.Length + 1)..];
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                // mlflow-artifacts://host:port/path: drop the authority.
                var slash = rest.IndexOf('/', 2);
                rest = slash < 0 ? string.Empty : rest[slash..];
            }

            return Uri.UnescapeDataString(rest);
        }

        if (Uri.TryCreate(artifactUri, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.AbsolutePath.Contains(ProxyHttpPrefix, StringComparison.Ordinal))
        {
            var path = uri.AbsolutePath;
            return Uri.UnescapeDataString(path[(path.IndexOf(ProxyHttpPrefix, StringComparison.Ordinal) + ProxyHttpPrefix.Length)..]);
        }

        throw new NotSupportedException(
            $"The artifact URI '{artifactUri}' is not served through the server's artifact proxy ({ProxyScheme}:/...); " +
            "start the server with proxied artifacts or read the files from that location directly.");
    }
}
