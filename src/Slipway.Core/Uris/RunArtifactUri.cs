using Slipway.Core.Errors;
using Slipway.Core.Validation;

namespace Slipway.Core.Uris;

/// <summary>
/// A parsed <c>runs:/&lt;run_id&gt;/&lt;path&gt;</c> URI: an artifact of a run, as MLflow clients write it
/// (<c>mlflow/tracking/artifact_utils.py</c>). <see cref="ArtifactPath"/> is normalized and safe to hand to an
/// artifact store; "" means the run's artifact root.
/// </summary>
public sealed record RunArtifactUri(string RunId, string ArtifactPath)
{
    private const string Scheme = "runs:";

    /// <summary>Parses the URI, validating the run id and the artifact path.</summary>
    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE for a malformed URI, a bad run id or an unsafe path.</exception>
    public static RunArtifactUri Parse(string uri)
    {
        if (string.IsNullOrEmpty(uri) || !uri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(uri, "it does not start with 'runs:/'");
        }

        var path = uri[Scheme.Length..];
        if (!path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal))
        {
            throw Invalid(uri, "the run id must follow a single '/' after 'runs:'");
        }

        var slash = path.IndexOf('/', 1);
        var runId = slash < 0 ? path[1..] : path[1..slash];
        var artifactPath = slash < 0 ? string.Empty : path[(slash + 1)..];
        try
        {
            TrackingValidator.ValidateRunId(runId);
            return new RunArtifactUri(runId, Artifacts.ArtifactPath.Normalize(artifactPath));
        }
        catch (SlipwayException e) when (e.Code == ErrorCode.InvalidParameterValue)
        {
            throw new SlipwayException(ErrorCode.InvalidParameterValue, $"Invalid runs URI '{uri}': {e.Message}", e);
        }
    }

    /// <summary>The URI in canonical form, such as <c>runs:/0a1b/model</c>.</summary>
    public override string ToString() => ArtifactPath.Length == 0 ? $"runs:/{RunId}" : $"runs:/{RunId}/{ArtifactPath}";

    private static SlipwayException Invalid(string? uri, string why) =>
        SlipwayException.Invalid(
            $"Invalid runs URI '{uri}': {why}. Runs URIs look like runs:/<run_id>/<path/relative/to/the/run's/artifacts>.");
}
