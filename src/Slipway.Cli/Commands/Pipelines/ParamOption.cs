using System.CommandLine;
using System.CommandLine.Parsing;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary>The repeatable <c>-p KEY=VALUE</c> option: parameter overrides for a launch, checked while parsing.</summary>
internal static class ParamOption
{
    public static Option<string[]> Create()
    {
        var option = new Option<string[]>("--param", "-p")
        {
            Description = "Override a pipeline param, as KEY=VALUE; repeat for several. The server checks each against the param's type and choices.",
            HelpName = "key=value",
            AllowMultipleArgumentsPerToken = false,
        };
        option.Validators.Add(result =>
        {
            foreach (var problem in Problems(result.Tokens.Select(t => t.Value)))
            {
                result.AddError(problem);
            }
        });
        return option;
    }

    /// <summary>The overrides as a dictionary; the values must have passed <see cref="Problems"/>.</summary>
    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string>? values)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in values ?? [])
        {
            var (key, value) = Split(text) ?? throw new CommandException(Problems([text]).First());
            parameters[key] = value;
        }

        return parameters;
    }

    /// <summary>What is wrong with each override: not KEY=VALUE, an empty or spaced key, a key given twice.</summary>
    public static IEnumerable<string> Problems(IEnumerable<string> values)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in values)
        {
            if (Split(text) is not var (key, _))
            {
                yield return $"Invalid param '{text}': expected KEY=VALUE, such as -p lr=0.01.";
            }
            else if (key.Any(char.IsWhiteSpace))
            {
                yield return $"Invalid param '{text}': the name '{key}' has a space in it.";
            }
            else if (!seen.Add(key))
            {
                yield return $"The param '{key}' is given twice; give each param once.";
            }
        }
    }

    private static (string Key, string Value)? Split(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals < 1 ? null : (text[..equals], text[(equals + 1)..]);
    }
}
