using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Client;

namespace Slipway.Cli.Commands.Users;

/// <summary><c>slipway setup --token TOKEN --user NAME [--password-stdin]</c></summary>
internal static class SetupCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var token = new Option<string>("--token")
        {
            Description = "The one-time setup token `slipway server --auth required` printed at start.",
            HelpName = "token",
            Required = true,
        };
        var user = new Option<string>("--user")
        {
            Description = "Name of the first admin.",
            HelpName = "name",
            Required = true,
        };
        var passwordStdin = PasswordInput.CreateOption();
        var command = new Command("setup", "Create the first admin of a new server with its one-time setup token (no sign-in needed; works once).")
        {
            token, user, passwordStdin,
        }.WithExamples(
            "slipway setup --token setup_xxxxxxxx --user ada     asks for the password twice",
            "printf '%s\\n' \"$PASSWORD\" | slipway setup --token setup_xxxxxxxx --user ada --password-stdin");
        command.SetClientAction(context, global, async call =>
        {
            var name = call.Get(user)!;
            var password = await PasswordInput.ReadAsync(context, call.Get(passwordStdin), $"Password for the admin {name}", call.CancellationToken);
            var admin = await call.Client.SetupAsync(call.Get(token)!, name, password, call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(admin, CliJsonContext.Default.User);
                return 0;
            }

            call.Output.Line($"Created the admin '{admin.Name}'.");
            call.Output.Note(
                $"Sign in with ${TrackingEnvironment.MlflowTrackingUserName}={admin.Name} and ${TrackingEnvironment.MlflowTrackingPassword}, "
                + "or create an API token for scripts: slipway tokens create NAME.");
            return 0;
        });
        return command;
    }
}
