using System.CommandLine;
using Slipway.Core.Security;

namespace Slipway.Cli.Commands.Permissions;

/// <summary><c>slipway permissions ...</c></summary>
internal static class PermissionsCommand
{
    public static Command Create(CliContext context, GlobalOptions global) => new Command(
        "permissions", "Give a user a level on one experiment or model, overriding its workspace role there (in --workspace).")
    {
        PermissionsListCommand.Create(context, global),
        PermissionsSetCommand.Create(context, global),
        PermissionsDeleteCommand.Create(context, global),
    }.WithExamples(
        "slipway permissions set --user bob --experiment fraud-detection --level READ --workspace fraud-team",
        "slipway permissions set --user eve --model fraud-detector --level NO_PERMISSIONS    hides the model from eve",
        "slipway permissions list --user bob",
        "slipway permissions delete --user bob --experiment 12                              her role decides again");

    public static Option<string> UserOption(string description) => new("--user")
    {
        Description = description,
        HelpName = "name",
        Required = true,
    };

    public static string Describe(GrantedResource kind, string id) =>
        kind == GrantedResource.Experiment ? $"experiment {id}" : $"model '{id}'";
}
