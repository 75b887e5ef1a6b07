using System.CommandLine;
using System.Globalization;
using Slipway.Core.Serving;

namespace Slipway.Cli.Commands.Deployments;

/// <summary>
/// The repeatable <c>--model URI[=WEIGHT]</c> option: a deployment's weighted targets, checked while parsing. A
/// weight is the text after the last '=' when it is a whole number; weights are relative (90 and 10 split traffic
/// 90/10) and default to 100.
/// </summary>
internal static class TargetOption
{
    public const int DefaultWeight = 100;

    public static Option<string[]> Create(string description)
    {
        var option = new Option<string[]>("--model", "-m")
        {
            Description = description,
            HelpName = "uri[=weight]",
            AllowMultipleArgumentsPerToken = false,
        };
        option.Validators.Add(result =>
        {
            foreach (var text in result.Tokens.Select(t => t.Value))
            {
                if (Parse(text) is null)
                {
                    result.AddError($"Invalid --model '{text}': expected a registry URI with an optional weight, such as models:/churn@champion or models:/churn/3=90.");
                }
            }
        });
        return option;
    }

    /// <summary>The targets in the order given; the values must have passed the option's check.</summary>
    public static IReadOnlyList<DeploymentTarget> ParseAll(IEnumerable<string> values) =>
        [.. values.Select(text => Parse(text) ?? throw new CommandException($"Invalid --model '{text}'."))];

    private static DeploymentTarget? Parse(string text)
    {
        var equals = text.LastIndexOf('=');
        if (equals < 0)
        {
            return text.Length == 0 ? null : new DeploymentTarget(text, DefaultWeight);
        }

        var weight = text[(equals + 1)..];
        return equals > 0 && weight.Length > 0 && weight.All(char.IsAsciiDigit)
            && int.TryParse(weight, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? new DeploymentTarget(text[..equals], parsed)
            : null;
    }
}
