using Slipway.Core.Errors;

namespace Slipway.Core.Artifacts;

/// <summary>Maps <c>mlflow-artifacts:</c> URIs (what runs created by this server use) onto paths in the artifact store.</summary>
public static class ArtifactLocations
{
    public const string Scheme = "mlflow-artifacts:";

    /// <summary>
    /// <c>mlflow-artifacts:/1/abc/artifacts</c> (or the <c>mlflow-artifacts://host/...</c> form) becomes
    /// <c>1/abc/artifacts</c>; other schemes are not served by this server.
    /// </summary>
    public static string ToStorePath(string artifactUri)
    {
        ArgumentNullException.ThrowIfNull(artifactUri);
        if (!artifactUri.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw SlipwayException.Invalid(
                $"Artifact location '{artifactUri}' is not served by this server; only {Scheme}/ locations can be listed or downloaded through it.");
        }

        var rest = artifactUri[Scheme.Length..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            // mlflow-artifacts://host:port/path names the server explicitly; the path is what matters here.
            var slash = rest.IndexOf('/', 2);
            rest = slash < 0 ? string.Empty : rest[slash..];
        }

        return ArtifactPath.Normalize(rest.TrimStart('/'));
    }
}
