using System.CommandLine;

namespace Slipway.Cli.Commands.Models;

/// <summary><c>slipway models ...</c></summary>
internal static class ModelsCommand
{
    public static Command Create(CliContext context, GlobalOptions global) => new("models", "Browse the model registry and promote model versions.")
    {
        ModelsListCommand.Create(context, global),
        ModelsVersionsCommand.Create(context, global),
        ModelsPromoteCommand.Create(context, global),
    };
}
