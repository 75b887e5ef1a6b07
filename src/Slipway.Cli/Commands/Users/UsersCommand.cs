using System.CommandLine;

namespace Slipway.Cli.Commands.Users;

/// <summary><c>slipway users ...</c></summary>
internal static class UsersCommand
{
    public static Command Create(CliContext context, GlobalOptions global) => new Command(
        "users", "Manage who may sign in (admins; anyone may change their own password).")
    {
        UsersListCommand.Create(context, global),
        UsersCreateCommand.Create(context, global),
        UsersShowCommand.Create(context, global),
        UsersSetPasswordCommand.Create(context, global),
        UsersSetAdminCommand.Create(context, global),
        UsersDeleteCommand.Create(context, global),
    }.WithExamples(
        "slipway users create ada                            asks for her password twice",
        "slipway users create deploy-bot --service-account   no password: it signs in with API tokens",
        "printf '%s\\n' \"$PASSWORD\" | slipway users set-password ada --password-stdin",
        "slipway users set-admin ada true");
}
