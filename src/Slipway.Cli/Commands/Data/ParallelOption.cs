using System.CommandLine;

namespace Slipway.Cli.Commands.Data;

/// <summary>The <c>--parallel N</c> option of push and pull: requests in flight at once.</summary>
internal static class ParallelOption
{
    public const int Max = 64;

    public static Option<int> Create(string what)
    {
        var option = new Option<int>("--parallel")
        {
            Description = $"{what} in flight at once (1 to {Max}).",
            HelpName = "N",
            DefaultValueFactory = _ => 8,
        };
        option.Validators.Add(result => NumberRange.Check(result, 1, Max, $"--parallel must be between 1 and {Max}"));
        return option;
    }
}
