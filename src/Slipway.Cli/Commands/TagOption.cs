using System.CommandLine;
using Slipway.Core.Tracking;

namespace Slipway.Cli.Commands;

/// <summary>A repeatable <c>--tag KEY=VALUE</c> option.</summary>
internal static class TagOption
{
    public static Option<string[]> Create(string description)
    {
        var option = new Option<string[]>("--tag")
        {
            Description = $"{description}, as KEY=VALUE; repeat for several.",
            HelpName = "key=value",
            AllowMultipleArgumentsPerToken = false,
        };
        option.Validators.Add(result =>
        {
            foreach (var text in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (text.IndexOf('=', StringComparison.Ordinal) < 1)
                {
                    result.AddError($"Invalid tag '{text}': expected KEY=VALUE.");
                }
            }
        });
        return option;
    }

    public static IReadOnlyList<Tag> Parse(string[]? values) =>
        (values ?? []).Select(text =>
        {
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            return new Tag(text[..equals], text[(equals + 1)..]);
        }).ToArray();
}
