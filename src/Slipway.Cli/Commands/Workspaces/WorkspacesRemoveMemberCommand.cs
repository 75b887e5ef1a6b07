using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Workspaces;

/// <summary><c>slipway workspaces remove-member NAME USER</c></summary>
internal static class WorkspacesRemoveMemberCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = WorkspacesCommand.NameArgument();
        var user = new Argument<string>("user") { Description = "Member to remove." };
        var command = new Command("remove-member", "Remove a user from a workspace (owners and admins).") { name, user };
        command.SetClientAction(context, global, async call =>
        {
            var workspace = call.Get(name);
            var member = call.Get(user);
            await call.Client.RemoveWorkspaceMemberAsync(workspace, member, call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(new ChangeOutcome("workspace.remove-member", $"{workspace}/{member}"), CliJsonContext.Default.ChangeOutcome);
            }
            else
            {
                call.Output.Line($"Removed '{member}' from workspace '{workspace}'.");
            }

            return 0;
        });
        return command;
    }
}
