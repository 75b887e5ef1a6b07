using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Security;

namespace Slipway.Cli.Commands.Users;

/// <summary><c>slipway users list</c></summary>
internal static class UsersListCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var command = new Command("list", "List every user: admins, people and service accounts.");
        command.SetClientAction(context, global, async call =>
        {
            var users = await call.Client.ListUsersAsync(call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(users, CliJsonContext.Default.IReadOnlyListUser);
                return 0;
            }

            if (users.Count == 0)
            {
                call.Output.Note("No users yet.");
                return 0;
            }

            call.Output.Render(UserTable.Create(users.OrderBy(u => u.Name, StringComparer.Ordinal)));
            return 0;
        });
        return command;
    }
}
