using System.CommandLine;
using Slipway.Cli.Output;

namespace Slipway.Cli.Commands.Tokens;

/// <summary><c>slipway tokens revoke NAME [--user U]</c></summary>
internal static class TokensRevokeCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = new Argument<string>("name") { Description = "Name of the token (see `slipway tokens list`)." };
        var user = TokensCommand.UserOption();
        var command = new Command("revoke", "Revoke an API token; it stops working at once.") { name, user };
        command.SetClientAction(context, global, async call =>
        {
            var tokenName = call.Get(name);
            var owner = call.Get(user);
            await call.Client.RevokeApiTokenAsync(tokenName, owner, call.CancellationToken);
            var subject = owner is null ? tokenName : $"{owner}/{tokenName}";
            if (call.Output.IsJson)
            {
                call.Output.Json(new ChangeOutcome("token.revoke", subject), CliJsonContext.Default.ChangeOutcome);
            }
            else
            {
                call.Output.Line($"Revoked token '{tokenName}'{(owner is null ? string.Empty : $" of {owner}")}.");
            }

            return 0;
        });
        return command;
    }
}
