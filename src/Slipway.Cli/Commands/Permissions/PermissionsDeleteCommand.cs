using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Permissions;

/// <summary><c>slipway permissions delete --user U (--experiment ID | --model NAME)</c></summary>
internal static class PermissionsDeleteCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var user = PermissionsCommand.UserOption("User whose permission to remove.");
        var command = new Command("delete", "Remove a user's permission on one experiment or model, so its workspace role decides again.") { user };
        var target = new PermissionTarget(command);
        command.SetClientAction(context, global, async call =>
        {
            var (kind, id) = await target.ResolveAsync(call);
            var userName = call.Get(user)!;
            await call.Client.DeletePermissionAsync(kind, id, userName, call.CancellationToken);
            var resource = PermissionsCommand.Describe(kind, id);
            if (call.Output.IsJson)
            {
                call.Output.Json(new ChangeOutcome("permission.delete", $"{userName} on {resource}"), CliJsonContext.Default.ChangeOutcome);
            }
            else
            {
                call.Output.Line($"Removed {userName}'s permission on {resource}; the workspace role decides again.");
            }

            return 0;
        });
        return command;
    }
}
