using System.Globalization;
using System.Text.RegularExpressions;
using Slipway.Core.Registry;
using Slipway.Core.Tracking;

namespace Slipway.Core.Validation;

/// <summary>
/// Input checks of the model registry API, after MLflow's <c>_validate_model_name</c>,
/// <c>_validate_model_alias_name</c>, <c>_validate_model_version</c> and the registry tag rules. Every failure is a
/// <see cref="Errors.SlipwayException"/> with INVALID_PARAMETER_VALUE naming the parameter and the value.
/// </summary>
public static partial class RegistryValidator
{
    /// <summary>
    /// Model names are required and not blank. Slipway also rejects '/' (MLflow only rejects empty names) because
    /// <c>models:/name/version</c> URIs and registry routes split on it, and control characters, which no client
    /// means to send.
    /// </summary>
    public static void ValidateModelName(string? name, string parameterName = "name")
    {
        if (string.IsNullOrEmpty(name))
        {
            throw ValidationMessages.Missing(parameterName);
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw ValidationMessages.InvalidValue(parameterName, name, "a registered model name must not be blank.");
        }

        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw ValidationMessages.InvalidValue(
                parameterName, name, "a registered model name must not contain '/', which separates the name from the version in models:/ URIs.");
        }

        if (name.Any(char.IsControl))
        {
            throw ValidationMessages.InvalidValue(parameterName, name, "a registered model name must not contain control characters.");
        }
    }

    /// <summary>Registered model and model version tags: key rules, a 250-character key and a present value of at most 5000 characters.</summary>
    public static void ValidateTag(Tag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        EntityKeyRules.Validate(tag.Key, "key", TrackingLimits.MaxRegistryTagKeyLength);
        TrackingValidator.ValidateValue(tag.Value, "value", TrackingLimits.MaxRegistryTagValueLength);
    }

    /// <summary>
    /// Aliases are 1 to 255 letters, digits, underscores or dashes. Reserved, as in MLflow: <c>latest</c> in any
    /// casing and version-like names <c>v1</c>/<c>V12</c>; Slipway also reserves all-digit names, which read as
    /// version numbers wherever an alias and a version share a slot.
    /// </summary>
    public static void ValidateAlias(string? alias, string parameterName = "alias")
    {
        if (string.IsNullOrEmpty(alias))
        {
            throw ValidationMessages.Missing(parameterName);
        }

        if (!AliasPattern().IsMatch(alias))
        {
            throw ValidationMessages.InvalidValue(
                parameterName, alias, "Names may only contain alphanumerics, underscores (_), and dashes (-).");
        }

        if (alias.Length > TrackingLimits.MaxRegisteredModelAliasLength)
        {
            throw ValidationMessages.TooLong(parameterName, alias, TrackingLimits.MaxRegisteredModelAliasLength);
        }

        if (alias.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            throw ValidationMessages.InvalidValue(parameterName, alias, "'latest' alias name (case insensitive) is reserved.");
        }

        if (VersionAliasPattern().IsMatch(alias) || alias.All(char.IsAsciiDigit))
        {
            throw ValidationMessages.InvalidValue(parameterName, alias, $"Version alias name '{alias}' is reserved.");
        }
    }

    /// <summary>Parses a model version as sent on the wire (a decimal string); versions start at 1.</summary>
    public static long ParseVersion(string? version)
    {
        if (!long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw Errors.SlipwayException.Invalid($"Model version must be an integer, got '{version}'.");
        }

        if (number < 1)
        {
            throw Errors.SlipwayException.Invalid($"Model version must be a positive integer, got '{version}'.");
        }

        return number;
    }

    /// <summary>Returns the canonical spelling of a stage name in any casing (<see cref="ModelStage"/>).</summary>
    public static string NormalizeStage(string? stage, string parameterName = "stage")
    {
        if (!ModelStage.TryNormalize(stage, out var canonical))
        {
            throw ValidationMessages.InvalidValue(
                parameterName, stage, $"a stage must be one of {string.Join(", ", ModelStage.All)} (any casing).");
        }

        return canonical;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"^[vV][0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex VersionAliasPattern();
}
