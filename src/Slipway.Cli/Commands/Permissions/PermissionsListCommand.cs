using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Security;

namespace Slipway.Cli.Commands.Permissions;

/// <summary><c>slipway permissions list [--user U]</c></summary>
internal static class PermissionsListCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var user = new Option<string?>("--user")
        {
            Description = "Whose permissions; default: your own. Others' need an admin.",
            HelpName = "name",
        };
        var command = new Command("list", "List a user's per-resource permissions in every workspace.") { user };
        command.SetClientAction(context, global, async call =>
        {
            var grants = await call.Client.ListPermissionsAsync(call.Get(user), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(grants, CliJsonContext.Default.IReadOnlyListResourceGrant);
                return 0;
            }

            if (grants.Count == 0)
            {
                call.Output.Note("No per-resource permissions: workspace roles alone decide.");
                return 0;
            }

            var table = CliWriter.NewTable("Workspace", "Resource", "User", "Permission");
            foreach (var grant in grants)
            {
                CliWriter.AddRow(table, grant.WorkspaceId, PermissionsCommand.Describe(grant.Kind, grant.ResourceId), grant.User, AccessLevels.ToName(grant.Level));
            }

            call.Output.Render(table);
            return 0;
        });
        return command;
    }
}
