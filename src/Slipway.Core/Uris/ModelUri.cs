using System.Globalization;
using Slipway.Core.Errors;
using Slipway.Core.Registry;

namespace Slipway.Core.Uris;

/// <summary>
/// A parsed <c>models:/</c> URI, the way MLflow clients name a registered model version
/// (<c>mlflow/store/artifact/utils/models.py</c>). Exactly one of <see cref="Version"/>, <see cref="Alias"/> and
/// <see cref="Stage"/> is set, matching <see cref="Kind"/>; none is set for <see cref="ModelUriKind.Latest"/>.
/// </summary>
public sealed record ModelUri(string Name, ModelUriKind Kind, long? Version, string? Alias, string? Stage)
{
    private const string Scheme = "models:";

    /// <summary>
    /// Parses <c>models:/&lt;name&gt;/&lt;version&gt;</c>, <c>models:/&lt;name&gt;/&lt;stage&gt;</c> (any casing; the
    /// canonical spelling is kept), <c>models:/&lt;name&gt;/latest</c> (any casing) and
    /// <c>models:/&lt;name&gt;@&lt;alias&gt;</c> (split at the last '@').
    /// </summary>
    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE for anything else.</exception>
    public static ModelUri Parse(string uri)
    {
        if (string.IsNullOrEmpty(uri) || !uri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(uri, "it does not start with 'models:/'");
        }

        var path = uri[Scheme.Length..];
        if (!path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal))
        {
            throw Invalid(uri, "the name must follow a single '/' after 'models:'");
        }

        var parts = path[1..].Split('/');
        return parts.Length switch
        {
            1 => ParseAlias(uri, parts[0]),
            2 => ParseSuffix(uri, RequireName(uri, parts[0]), parts[1]),
            _ => throw Invalid(uri, "it has more than two segments after 'models:/'"),
        };
    }

    /// <summary>The URI in canonical form, such as <c>models:/churn/Production</c>.</summary>
    public override string ToString() => Kind switch
    {
        ModelUriKind.Version => $"models:/{Name}/{Version!.Value.ToString(CultureInfo.InvariantCulture)}",
        ModelUriKind.Alias => $"models:/{Name}@{Alias}",
        ModelUriKind.Stage => $"models:/{Name}/{Stage}",
        _ => $"models:/{Name}/latest",
    };

    private static ModelUri ParseAlias(string uri, string segment)
    {
        var at = segment.LastIndexOf('@');
        if (at < 0)
        {
            throw Invalid(uri, "it names no version; add '/<version>', '/<stage>', '/latest' or '@<alias>'");
        }

        var name = RequireName(uri, segment[..at]);
        var alias = segment[(at + 1)..];
        if (string.IsNullOrWhiteSpace(alias))
        {
            throw Invalid(uri, "the alias after '@' is empty");
        }

        return new ModelUri(name, ModelUriKind.Alias, null, alias, null);
    }

    private static ModelUri ParseSuffix(string uri, string name, string suffix)
    {
        if (suffix.Length > 0 && suffix.All(char.IsAsciiDigit))
        {
            if (!long.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            {
                throw Invalid(uri, $"'{suffix}' is not a valid model version; versions start at 1");
            }

            return new ModelUri(name, ModelUriKind.Version, version, null, null);
        }

        if (suffix.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            return new ModelUri(name, ModelUriKind.Latest, null, null, null);
        }

        if (ModelStage.TryNormalize(suffix, out var stage))
        {
            return new ModelUri(name, ModelUriKind.Stage, null, null, stage);
        }

        throw Invalid(
            uri,
            $"'{suffix}' is not a version number, a stage ({string.Join(", ", ModelStage.All)}) or 'latest'");
    }

    private static string RequireName(string uri, string name) =>
        string.IsNullOrWhiteSpace(name) ? throw Invalid(uri, "the model name is empty") : name;

    private static SlipwayException Invalid(string? uri, string why) =>
        SlipwayException.Invalid(
            $"Invalid model URI '{uri}': {why}. Model URIs look like models:/<name>/<version>, models:/<name>/<stage>, "
            + "models:/<name>/latest or models:/<name>@<alias>.");
}
