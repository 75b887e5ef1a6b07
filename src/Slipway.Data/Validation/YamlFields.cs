using System.Globalization;
using Slipway.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Slipway.Data.Validation;

/// <summary>
/// The fields of one YAML mapping (the suite, or one expectation), read by name with typed getters whose errors
/// point at the offending value. Unknown names are refused up front, so a misspelt field fails the parse instead of
/// silently not applying.
/// </summary>
internal sealed class YamlFields
{
    private readonly string _source;
    private readonly Dictionary<string, YamlNode> _values;

    private YamlFields(string source, string owner, Mark start, Dictionary<string, YamlNode> values)
    {
        _source = source;
        Owner = owner;
        Start = start;
        _values = values;
    }

    /// <summary>What the fields belong to, for messages: an expectation kind such as <c>not_null</c>, or "the suite".</summary>
    public string Owner { get; }

    public Mark Start { get; }

    public static YamlFields Of(string source, string owner, YamlMappingNode mapping, IReadOnlyList<string> allowed)
    {
        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } || !allowed.Contains(name, StringComparer.Ordinal))
            {
                throw SuiteErrors.At(source, key.Start, $"unknown field '{key}' in {owner} (expected {string.Join(", ", allowed)})");
            }

            values[name] = value;
        }

        return new YamlFields(source, owner, mapping.Start, values);
    }

    /// <summary>The short form of an expectation that takes one value, such as <c>unique: customer_id</c>.</summary>
    public static YamlFields Shorthand(string source, string owner, string field, YamlScalarNode value) =>
        new(source, owner, value.Start, new Dictionary<string, YamlNode>(StringComparer.Ordinal) { [field] = value });

    public string? OptionalText(string key) => Scalar(key)?.Value;

    public string RequiredText(string key) =>
        OptionalText(key) is { Length: > 0 } text ? text : throw Error(key, $"{Owner} needs '{key}'");

    public long? OptionalInteger(string key)
    {
        var text = OptionalText(key);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(key, $"{Owner} '{key}' must be a whole number, not '{text}'");
    }

    public double? OptionalNumber(string key)
    {
        var text = OptionalText(key);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(key, $"{Owner} '{key}' must be a number, not '{text}'");
    }

    public bool? OptionalBoolean(string key)
    {
        var text = OptionalText(key);
        return text?.ToUpperInvariant() switch
        {
            null => null,
            "TRUE" => true,
            "FALSE" => false,
            _ => throw Error(key, $"{Owner} '{key}' must be true or false, not '{text}'"),
        };
    }

    public YamlSequenceNode? OptionalSequence(string key)
    {
        if (!_values.TryGetValue(key, out var node) || node is YamlScalarNode scalar && IsNull(scalar))
        {
            return null;
        }

        return node as YamlSequenceNode ?? throw Error(key, $"{Owner} '{key}' must be a list, such as [a, b]");
    }

    /// <summary>A non-empty list of values, none of them null.</summary>
    public IReadOnlyList<string> RequiredTextList(string key)
    {
        var sequence = OptionalSequence(key);
        if (sequence is null || sequence.Children.Count == 0)
        {
            throw Error(key, $"{Owner} needs '{key}', a list such as [a, b]");
        }

        return sequence.Children
            .Select(item => item is YamlScalarNode scalar && !IsNull(scalar)
                ? scalar.Value ?? ""
                : throw SuiteErrors.At(_source, item.Start, $"every entry of {Owner} '{key}' must be a single value (null is not allowed; missing values are never checked here)"))
            .ToList();
    }

    public ExpectationSeverity Severity() => OptionalText("severity") switch
    {
        null or "error" => ExpectationSeverity.Error,
        "warn" => ExpectationSeverity.Warn,
        var other => throw Error("severity", $"severity must be error or warn, not '{other}'"),
    };

    /// <summary>An error at the value of <paramref name="key"/>, or at the start of the mapping when it is absent.</summary>
    public SlipwayException Error(string key, string message) =>
        SuiteErrors.At(_source, _values.TryGetValue(key, out var node) ? node.Start : Start, message);

    public SlipwayException Error(string message) => SuiteErrors.At(_source, Start, message);

    /// <summary>YAML's null (an empty value, <c>~</c> or <c>null</c> unquoted), which reads as "not given".</summary>
    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private YamlScalarNode? Scalar(string key)
    {
        if (!_values.TryGetValue(key, out var node))
        {
            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            throw Error(key, $"{Owner} '{key}' must be a single value, not a list or mapping");
        }

        return IsNull(scalar) ? null : scalar;
    }
}
