using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Security;

namespace Slipway.Cli.Commands.Workspaces;

/// <summary><c>slipway workspaces create NAME [--owner U]</c></summary>
internal static class WorkspacesCreateCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = new Argument<string>("workspace")
        {
            Description = $"Name of the new workspace: 1 to {WorkspaceNames.MaxLength} lower-case letters, digits, '-' and '_'.",
        };
        var owner = new Option<string?>("--owner")
        {
            Description = "A user to make its first owner, who may then add members.",
            HelpName = "user",
        };
        var command = new Command("create", "Create a workspace (admins only).") { name, owner };
        command.SetClientAction(context, global, async call =>
        {
            var created = await call.Client.CreateWorkspaceAsync(call.Get(name), call.Get(owner), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(created, CliJsonContext.Default.WorkspaceInfo);
                return 0;
            }

            call.Output.Line(call.Get(owner) is { } ownerName
                ? $"Created workspace '{created.Name}' with owner '{ownerName}'."
                : $"Created workspace '{created.Name}'.");
            return 0;
        });
        return command;
    }
}
