using System.CommandLine;

namespace Slipway.Cli.Commands.Experiments;

/// <summary><c>slipway experiments ...</c></summary>
internal static class ExperimentsCommand
{
    public static Command Create(CliContext context, GlobalOptions global) => new("experiments", "List, create and delete experiments (named groups of runs).")
    {
        ExperimentsListCommand.Create(context, global),
        ExperimentsCreateCommand.Create(context, global),
        ExperimentsDeleteCommand.Create(context, global),
    };
}
