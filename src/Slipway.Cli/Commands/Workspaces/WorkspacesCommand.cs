using System.CommandLine;
using Slipway.Core.Security;

namespace Slipway.Cli.Commands.Workspaces;

/// <summary><c>slipway workspaces ...</c></summary>
internal static class WorkspacesCommand
{
    public static Command Create(CliContext context, GlobalOptions global) => new Command(
        "workspaces", "Manage workspaces, which keep teams' experiments and models apart, and their members' roles.")
    {
        WorkspacesListCommand.Create(context, global),
        WorkspacesCreateCommand.Create(context, global),
        WorkspacesMembersCommand.Create(context, global),
        WorkspacesAddMemberCommand.Create(context, global),
        WorkspacesRemoveMemberCommand.Create(context, global),
    }.WithExamples(
        "slipway workspaces create fraud-team --owner ada",
        "slipway workspaces add-member fraud-team bob --role editor    viewer, editor, maintainer or owner",
        "slipway workspaces members fraud-team",
        "slipway experiments list --workspace fraud-team               any command acts in --workspace");

    public static Argument<string> NameArgument() => new("workspace")
    {
        Description = "Workspace name (see `slipway workspaces list`).",
    };

    public static string RoleName(WorkspaceRole? role) => role is { } known ? WorkspaceRoleNames.ToName(known) : "-";
}
