using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Users;

/// <summary><c>slipway users show NAME</c></summary>
internal static class UsersShowCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = new Argument<string>("name") { Description = "User name (see `slipway users list`)." };
        var command = new Command("show", "Show one user (admins, or the user itself).") { name };
        command.SetClientAction(context, global, async call =>
        {
            var user = await call.Client.GetUserAsync(call.Get(name), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(user, CliJsonContext.Default.User);
                return 0;
            }

            call.Output.Render(UserTable.Create([user]));
            return 0;
        });
        return command;
    }
}
