using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Client;

namespace Slipway.Cli.Commands.Workspaces;

/// <summary><c>slipway workspaces list</c></summary>
internal static class WorkspacesListCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var command = new Command("list", "List the workspaces you can see (admins: all) and your role in each.");
        command.SetClientAction(context, global, async call =>
        {
            var workspaces = await call.Client.ListWorkspacesAsync(call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(workspaces, CliJsonContext.Default.IReadOnlyListWorkspaceInfo);
                return 0;
            }

            if (workspaces.Count == 0)
            {
                call.Output.Note("You are not in any workspace yet; an owner or admin adds you with `slipway workspaces add-member`.");
                return 0;
            }

            var table = CliWriter.NewTable("Workspace", "Your role");
            foreach (var workspace in workspaces)
            {
                CliWriter.AddRow(table, workspace.Name, WorkspacesCommand.RoleName(workspace.Role));
            }

            call.Output.Render(table);
            return 0;
        });
        return command;
    }
}
