using System.Globalization;
using Slipway.Core.Errors;

namespace Slipway.Core.Validation;

/// <summary>
/// The shapes of validation errors, after MLflow's <c>invalid_value</c> and <c>missing_value</c> helpers, so every
/// message names the parameter (with its JSON path inside a batch, such as <c>params[3].key</c>) and the value.
/// </summary>
internal static class ValidationMessages
{
    /// <summary>Values longer than this are cut in messages; a 6000-character param would drown the reason.</summary>
    private const int MaxQuotedValueLength = 250;

    public static SlipwayException Missing(string parameter) =>
        SlipwayException.Invalid($"Missing value for required parameter '{parameter}'.");

    /// <summary>Throws <see cref="Missing"/> when a required value is null or empty.</summary>
    public static void RequireValue(string? value, string parameter)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw Missing(parameter);
        }
    }

    public static SlipwayException InvalidValue(string parameter, string? value, string why) =>
        SlipwayException.Invalid($"Invalid value {Quote(value)} for parameter '{parameter}' supplied: {why}");

    public static SlipwayException InvalidValue(string parameter, long value, string why) =>
        InvalidValue(parameter, value.ToString(CultureInfo.InvariantCulture), why);

    public static SlipwayException TooLong(string parameter, string value, int limit) =>
        InvalidValue(parameter, value, $"length {value.Length} exceeds the maximum length of {limit} characters.");

    public static string Path(string prefix, string field) => prefix.Length == 0 ? field : $"{prefix}.{field}";

    private static string Quote(string? value) => value switch
    {
        null => "null",
        { Length: > MaxQuotedValueLength } => $"'{value[..MaxQuotedValueLength]}...'",
        _ => $"'{value}'",
    };
}
