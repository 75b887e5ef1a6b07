using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Security;

namespace Slipway.Cli.Commands.Workspaces;

/// <summary><c>slipway workspaces add-member NAME USER --role ROLE</c></summary>
internal static class WorkspacesAddMemberCommand
{
    private static readonly string[] RoleNames = [.. Enum.GetValues<WorkspaceRole>().Select(WorkspaceRoleNames.ToName)];

    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = WorkspacesCommand.NameArgument();
        var user = new Argument<string>("user") { Description = "User to add (or whose role to change)." };
        var role = new Option<WorkspaceRole>("--role")
        {
            Description = "viewer (reads), editor (also writes), maintainer (also deletes and grants) or owner (also manages members).",
            HelpName = "role",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
                if (!WorkspaceRoleNames.TryParse(text, out var parsed))
                {
                    result.AddError($"Invalid role '{text}': use one of {string.Join(", ", RoleNames)}.");
                }

                return parsed;
            },
        };
        role.CompletionSources.Add(RoleNames);
        var command = new Command("add-member", "Give a user a role in a workspace, replacing any role it had (owners and admins).") { name, user, role };
        command.SetClientAction(context, global, async call =>
        {
            var membership = await call.Client.SetWorkspaceMemberAsync(call.Get(name), call.Get(user), call.Get(role), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(membership, CliJsonContext.Default.WorkspaceMembership);
            }
            else
            {
                call.Output.Line($"'{membership.User}' is now {WorkspaceRoleNames.ToName(membership.Role)} in workspace '{membership.WorkspaceId}'.");
            }

            return 0;
        });
        return command;
    }
}
