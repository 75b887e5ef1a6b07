using System.Globalization;
using Slipway.Core.Errors;

namespace Slipway.Pipelines.Specs;

/// <summary>
/// Parameter values for a launch: the declared defaults with the launch's overrides applied, each checked against
/// its param's type and choices and written in its canonical text (int: an invariant integer; float: the invariant
/// round-trip form; bool: <c>true</c>/<c>false</c>; string: as given).
/// </summary>
public static class ParamValues
{
    /// <summary>
    /// Every declared param's value, in declaration order. Every problem is reported at once, one line each: an
    /// override of an undeclared param, a value of the wrong type, a required param left out, a value outside its
    /// choices.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Resolve(PipelineSpec spec, IReadOnlyDictionary<string, string> overrides)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(overrides);
        var problems = new List<string>();
        var declared = spec.Params.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in overrides.Keys.Where(k => !declared.Contains(k)).Order(StringComparer.Ordinal))
        {
            problems.Add(spec.Params.Count == 0
                ? $"unknown param '{name}': pipeline '{spec.Name}' declares no params"
                : $"unknown param '{name}' (declared: {string.Join(", ", spec.Params.Select(p => p.Name))})");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var param in spec.Params)
        {
            var given = overrides.TryGetValue(param.Name, out var value);
            if (!given && param.Default is null)
            {
                problems.Add($"param '{param.Name}' is required: it has no default, so give a value ({TypeName(param.Type)})");
                continue;
            }

            var text = given ? value! : param.Default!;
            if (!TryCanonicalize(param.Type, text, out var canonical))
            {
                problems.Add($"param '{param.Name}' expects {Article(param.Type)} {TypeName(param.Type)}; got '{text}'");
                continue;
            }

            if (param.Choices is { } choices && !choices.Contains(canonical, StringComparer.Ordinal))
            {
                problems.Add($"param '{param.Name}' must be one of {string.Join(", ", choices)}; got '{text}'");
                continue;
            }

            values[param.Name] = canonical;
        }

        if (problems.Count > 0)
        {
            throw SlipwayException.Invalid(string.Join('\n', problems));
        }

        return values;
    }

    /// <summary>
    /// Checks <paramref name="text"/> against <paramref name="type"/> and gives its canonical text: int: an integer
    /// (an optional sign and digits); float: any finite invariant number, written in round-trip form; bool: true or
    /// false in any casing, written in lower case; string: anything, unchanged.
    /// </summary>
    public static bool TryCanonicalize(ParamType type, string text, out string canonical)
    {
        ArgumentNullException.ThrowIfNull(text);
        canonical = text;
        switch (type)
        {
            case ParamType.WholeNumber:
                if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
                {
                    return false;
                }

                canonical = whole.ToString(CultureInfo.InvariantCulture);
                return true;
            case ParamType.Number:
                if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    return false;
                }

                canonical = number.ToString("R", CultureInfo.InvariantCulture);
                return true;
            case ParamType.Boolean:
                if (string.Equals(text.Trim(), "true", StringComparison.OrdinalIgnoreCase))
                {
                    canonical = "true";
                    return true;
                }

                if (string.Equals(text.Trim(), "false", StringComparison.OrdinalIgnoreCase))
                {
                    canonical = "false";
                    return true;
                }

                return false;
            default:
                return true;
        }
    }

    /// <summary>The type's name in pipeline files: string, int, float or bool.</summary>
    public static string TypeName(ParamType type) => type switch
    {
        ParamType.WholeNumber => "int",
        ParamType.Number => "float",
        ParamType.Boolean => "bool",
        _ => "string",
    };

    /// <summary>The type named in a pipeline file (string, int, float or bool).</summary>
    public static bool TryParseTypeName(string? name, out ParamType type)
    {
        (var known, type) = name switch
        {
            "string" => (true, ParamType.Text),
            "int" => (true, ParamType.WholeNumber),
            "float" => (true, ParamType.Number),
            "bool" => (true, ParamType.Boolean),
            _ => (false, ParamType.Text),
        };
        return known;
    }

    private static string Article(ParamType type) => type == ParamType.WholeNumber ? "an" : "a";
}
