using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Users;

/// <summary><c>slipway users set-password NAME [--password-stdin]</c></summary>
internal static class UsersSetPasswordCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = new Argument<string>("name") { Description = "User whose password to set (yours, unless you are an admin)." };
        var passwordStdin = PasswordInput.CreateOption();
        var command = new Command("set-password", "Set a user's password; asks for it unless --password-stdin.") { name, passwordStdin };
        command.SetClientAction(context, global, async call =>
        {
            var userName = call.Get(name);
            var password = await PasswordInput.ReadAsync(context, call.Get(passwordStdin), $"New password for {userName}", call.CancellationToken);
            await call.Client.SetPasswordAsync(userName, password, call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(new ChangeOutcome("user.update-password", userName), CliJsonContext.Default.ChangeOutcome);
            }
            else
            {
                call.Output.Line($"Set the password of '{userName}'.");
            }

            return 0;
        });
        return command;
    }
}
