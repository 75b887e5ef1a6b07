using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Client;

namespace Slipway.Cli.Commands.Tokens;

/// <summary><c>slipway tokens list [--user U]</c></summary>
internal static class TokensListCommand
{
    public static Command Create(CliContext context, GlobalOptions global)
    {
        var user = TokensCommand.UserOption();
        var command = new Command("list", "List API tokens with their scopes, workspace and expiry (never the tokens themselves).") { user };
        command.SetClientAction(context, global, async call =>
        {
            var tokens = await call.Client.ListApiTokensAsync(call.Get(user), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(tokens, CliJsonContext.Default.IReadOnlyListApiToken);
                return 0;
            }

            if (tokens.Count == 0)
            {
                call.Output.Note("No API tokens. Create one with `slipway tokens create NAME`.");
                return 0;
            }

            var table = CliWriter.NewTable("Name", "User", "Prefix", "Scopes", "Workspace", "Status", "Created", "Expires", "Last used");
            foreach (var token in tokens)
            {
                CliWriter.AddRow(
                    table,
                    token.Name,
                    token.User,
                    token.Prefix + "...",
                    string.Join(' ', token.Scopes),
                    token.Workspace ?? "any",
                    Status(token),
                    DisplayFormat.Timestamp(token.CreationTime),
                    token.ExpiryTime is null ? "never" : DisplayFormat.Timestamp(token.ExpiryTime),
                    DisplayFormat.Timestamp(token.LastUsedTime));
            }

            call.Output.Render(table);
            return 0;
        });
        return command;
    }

    private static string Status(ApiToken token) =>
        token.Active ? "active" : token.RevokedTime is not null ? "revoked" : "expired";
}
