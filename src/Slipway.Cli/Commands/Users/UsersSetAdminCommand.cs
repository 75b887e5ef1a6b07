using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Users;

/// <summary><c>slipway users set-admin NAME true|false</c></summary>
internal static class UsersSetAdminCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = new Argument<string>("name") { Description = "User to change." };
        var admin = new Argument<bool>("admin") { Description = "true to make the user a server admin, false to take it back." };
        var command = new Command("set-admin", "Make a user a server admin, or take it back.") { name, admin };
        command.SetClientAction(context, global, async call =>
        {
            var userName = call.Get(name);
            var isAdmin = call.Get(admin);
            await call.Client.SetAdminAsync(userName, isAdmin, call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(await call.Client.GetUserAsync(userName, call.CancellationToken), CliJsonContext.Default.User);
            }
            else
            {
                call.Output.Line(isAdmin ? $"'{userName}' is now a server admin." : $"'{userName}' is no longer a server admin.");
            }

            return 0;
        });
        return command;
    }
}
