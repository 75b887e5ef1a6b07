using System.CommandLine;

namespace Slipway.Cli.Commands;

/// <summary>The <c>--max-results N</c> option: how many items a list command fetches at most (following pages).</summary>
internal static class MaxResultsOption
{
    public static Option<int> Create(string what, int defaultValue)
    {
        var option = new Option<int>("--max-results", "-n")
        {
            Description = $"Show at most this many {what}.",
            HelpName = "N",
            DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(result => NumberRange.Check(result, 1, int.MaxValue, "--max-results must be at least 1"));
        return option;
    }
}
