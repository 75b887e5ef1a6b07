using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Users;

/// <summary><c>slipway users delete NAME</c></summary>
internal static class UsersDeleteCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = new Argument<string>("name") { Description = "User to delete." };
        var command = new Command("delete", "Delete a user with its API tokens, workspace memberships and permissions.") { name };
        command.SetClientAction(context, global, async call =>
        {
            var userName = call.Get(name);
            await call.Client.DeleteUserAsync(userName, call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(new ChangeOutcome("user.delete", userName), CliJsonContext.Default.ChangeOutcome);
            }
            else
            {
                call.Output.Line($"Deleted user '{userName}'.");
            }

            return 0;
        });
        return command;
    }
}
