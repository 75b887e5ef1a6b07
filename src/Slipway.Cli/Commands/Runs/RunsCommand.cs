using System.CommandLine;

namespace Slipway.Cli.Commands.Runs;

/// <summary><c>slipway runs ...</c></summary>
internal static class RunsCommand
{
    public static Command Create(CliContext context, GlobalOptions global) => new("runs", "Search runs, show a run's params, metrics and tags, and print pipeline steps' logs.")
    {
        RunsSearchCommand.Create(context, global),
        RunsGetCommand.Create(context, global),
        RunsLogsCommand.Create(context, global),
    };
}
