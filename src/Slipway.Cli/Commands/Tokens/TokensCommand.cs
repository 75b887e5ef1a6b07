using System.CommandLine;

namespace Slipway.Cli.Commands.Tokens;

/// <summary><c>slipway tokens ...</c></summary>
internal static class TokensCommand
{
    public static Command Create(CliContext context, GlobalOptions global) => new Command(
        "tokens", "Manage API tokens: what scripts, CI jobs and MLflow clients sign in with (as MLFLOW_TRACKING_TOKEN).")
    {
        TokensListCommand.Create(context, global),
        TokensCreateCommand.Create(context, global),
        TokensRevokeCommand.Create(context, global),
    }.WithExamples(
        "slipway tokens create laptop",
        "slipway tokens create ci --scope read --workspace fraud-team --expires-in-days 90",
        "slipway tokens create deploy --user deploy-bot --scope invoke",
        "slipway tokens list",
        "slipway tokens revoke laptop");

    /// <summary>The <c>--user</c> option: whose tokens; the caller's own by default.</summary>
    public static Option<string?> UserOption() => new("--user")
    {
        Description = "Whose tokens; default: your own. Others' need an admin.",
        HelpName = "name",
    };
}
