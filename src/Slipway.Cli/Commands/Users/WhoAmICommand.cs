using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Security;
using Spectre.Console;

namespace Slipway.Cli.Commands.Users;

/// <summary><c>slipway whoami</c></summary>
internal static class WhoAmICommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var command = new Command("whoami", "Show who your credentials sign in as, how, and your workspaces and roles.");
        command.SetClientAction(context, global, async call =>
        {
            var me = await call.Client.GetCurrentUserAsync(call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(me, CliJsonContext.Default.CallerIdentity);
                return 0;
            }

            var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
            void Row(string label, string value) => grid.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), new Text(value));
            Row("User", me.User.Name);
            Row("Admin", DisplayFormat.YesNo(me.User.IsAdmin));
            Row("Signed in with", me.Method);
            if (me.Scopes is not null)
            {
                Row("Token scopes", string.Join(' ', me.Scopes));
                Row("Token workspace", me.TokenWorkspace ?? "any");
            }

            call.Output.Render(grid);
            call.Output.Line(string.Empty);
            if (me.Memberships.Count == 0)
            {
                call.Output.Note(me.User.IsAdmin
                    ? "Not a member of any workspace; as an admin you reach every one."
                    : "Not a member of any workspace yet; an owner or admin adds you with `slipway workspaces add-member`.");
                return 0;
            }

            var table = CliWriter.NewTable("Workspace", "Role");
            foreach (var membership in me.Memberships)
            {
                CliWriter.AddRow(table, membership.WorkspaceId, WorkspaceRoleNames.ToName(membership.Role));
            }

            call.Output.Render(table);
            return 0;
        });
        return command;
    }
}
