using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Client;
using Slipway.Core.Security;

namespace Slipway.Cli.Commands.Tokens;

/// <summary><c>slipway tokens create NAME [--scope S]... [--workspace W] [--expires-in-days N] [--user U]</c></summary>
internal static class TokensCreateCommand
{
    private const int MaxDays = 3650;

    public static Command Create(CliContext context, GlobalOptions global)
    {
        var name = new Argument<string>("name") { Description = "A name for the token, unique among the user's tokens, to list and revoke it by." };
        var scopes = new Option<string[]>("--scope")
        {
            Description = "What the token may do: read, write (also creates and changes), manage (also deletes and grants), "
                + "admin (everything its user may) or invoke (call models only). Repeat for several. Default: write.",
            HelpName = "scope",
            AllowMultipleArgumentsPerToken = false,
        };
        scopes.AcceptOnlyFromAmong([.. TokenScopes.All]);
        var expiresInDays = new Option<int?>("--expires-in-days")
        {
            Description = $"Days until the token stops working (1 to {MaxDays}). Default: never.",
            HelpName = "N",
        };
        expiresInDays.Validators.Add(result => NumberRange.Check(result, 1, MaxDays, $"--expires-in-days must be between 1 and {MaxDays}"));
        var user = new Option<string?>("--user")
        {
            Description = "Whose token it is; default: yours. Others need an admin (service accounts, for instance).",
            HelpName = "name",
        };
        var command = new Command(
            "create",
            "Create an API token and print it once. With --workspace (or $SLIPWAY_WORKSPACE) it works only in that workspace.")
        {
            name, scopes, expiresInDays, user,
        };
        command.SetClientAction(context, global, async call =>
        {
            // The global --workspace, which every other command acts in, is the one workspace this token will act in.
            var created = await call.Client.CreateApiTokenAsync(
                call.Get(name), call.Get(scopes), call.Client.Workspace, call.Get(expiresInDays), call.Get(user), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(created, CliJsonContext.Default.CreatedApiToken);
                return 0;
            }

            var info = created.Info;
            call.Output.Line(
                $"Created token '{info.Name}' for {info.User}: scopes {string.Join(' ', info.Scopes)}; "
                + $"{(info.Workspace is null ? "every workspace the user can reach" : $"workspace '{info.Workspace}' only")}; "
                + $"{(info.ExpiryTime is null ? "never expires" : $"expires {DisplayFormat.Timestamp(info.ExpiryTime)}")}.");
            call.Output.Line(string.Empty);
            call.Output.Line($"    {created.Token}");
            call.Output.Line(string.Empty);
            call.Output.Line($"Store it now: it is not shown again. Clients send it as ${TrackingEnvironment.MlflowTrackingToken}.");
            return 0;
        });
        return command;
    }
}
