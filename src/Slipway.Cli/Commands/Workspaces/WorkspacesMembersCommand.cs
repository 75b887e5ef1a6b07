using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Security;

namespace Slipway.Cli.Commands.Workspaces;

/// <summary><c>slipway workspaces members NAME</c></summary>
internal static class WorkspacesMembersCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = WorkspacesCommand.NameArgument();
        var command = new Command("members", "List a workspace's members and their roles.") { name };
        command.SetClientAction(context, global, async call =>
        {
            var workspace = call.Get(name);
            var members = await call.Client.ListWorkspaceMembersAsync(workspace, call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(members, CliJsonContext.Default.IReadOnlyListWorkspaceMembership);
                return 0;
            }

            if (members.Count == 0)
            {
                call.Output.Note($"Workspace '{workspace}' has no members yet.");
                return 0;
            }

            var table = CliWriter.NewTable("User", "Role");
            foreach (var member in members)
            {
                CliWriter.AddRow(table, member.User, WorkspaceRoleNames.ToName(member.Role));
            }

            call.Output.Render(table);
            return 0;
        });
        return command;
    }
}
