using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Users;

/// <summary><c>slipway users create NAME [--admin] [--service-account] [--password-stdin]</c></summary>
internal static class UsersCreateCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = new Argument<string>("name") { Description = "User name: letters, digits and . _ - @ + (up to 64)." };
        var admin = new Option<bool>("--admin") { Description = "Make the user a server admin, who may do everything." };
        var serviceAccount = new Option<bool>("--service-account")
        {
            Description = "Create an account for a program: no password, it signs in with API tokens only.",
        };
        var passwordStdin = PasswordInput.CreateOption();
        var command = new Command("create", "Create a user; asks for the password unless --password-stdin or --service-account.")
        {
            name, admin, serviceAccount, passwordStdin,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(serviceAccount) && result.GetValue(passwordStdin))
            {
                result.AddError("--password-stdin does not apply to --service-account: service accounts have no password.");
            }
        });
        command.SetClientAction(context, global, async call =>
        {
            var userName = call.Get(name);
            var isServiceAccount = call.Get(serviceAccount);
            var password = isServiceAccount
                ? null
                : await PasswordInput.ReadAsync(context, call.Get(passwordStdin), $"Password for {userName}", call.CancellationToken);
            var user = await call.Client.CreateUserAsync(userName, password, call.Get(admin), isServiceAccount, call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(user, CliJsonContext.Default.User);
                return 0;
            }

            var kind = user.IsServiceAccount ? "service account" : "user";
            call.Output.Line($"Created {(user.IsAdmin ? "admin " : string.Empty)}{kind} '{user.Name}'.");
            call.Output.Note(user.IsServiceAccount
                ? $"Give it a token: slipway tokens create NAME --user {user.Name}"
                : $"Give it a role in a workspace: slipway workspaces add-member WORKSPACE {user.Name} --role editor");
            return 0;
        });
        return command;
    }
}
