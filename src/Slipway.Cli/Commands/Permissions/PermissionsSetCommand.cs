using System.CommandLine;
using Slipway.Cli.Output;
using Slipway.Core.Security;

namespace Slipway.Cli.Commands.Permissions;

/// <summary><c>slipway permissions set --user U (--experiment ID | --model NAME) --level LEVEL</c></summary>
internal static class PermissionsSetCommand
{
    private static readonly string[] LevelNames = [.. Enum.GetValues<AccessLevel>().Select(AccessLevels.ToName)];

    public static Command Create(CliContext context, GlobalOptions global)
    {
        var user = PermissionsCommand.UserOption("User to give the permission to.");
        var level = new Option<AccessLevel>("--level")
        {
            Description = "READ, EDIT (also changes), MANAGE (also deletes and grants) or NO_PERMISSIONS (hides it); any casing.",
            HelpName = "level",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
                if (!AccessLevels.TryParse(text.ToUpperInvariant(), out var parsed))
                {
                    result.AddError($"Invalid level '{text}': use one of {string.Join(", ", LevelNames)}.");
                }

                return parsed;
            },
        };
        level.CompletionSources.Add(LevelNames);
        var command = new Command("set", "Give a user a permission on one experiment or model (maintainers, owners and admins).") { user, level };
        var target = new PermissionTarget(command);
        command.SetClientAction(context, global, async call =>
        {
            var (kind, id) = await target.ResolveAsync(call);
            var grant = await call.Client.SetPermissionAsync(kind, id, call.Get(user)!, call.Get(level), call.CancellationToken);
            if (call.Output.IsJson)
            {
                call.Output.Json(grant, CliJsonContext.Default.ResourceGrant);
            }
            else
            {
                call.Output.Line(
                    $"'{grant.User}' now has {AccessLevels.ToName(grant.Level)} on {PermissionsCommand.Describe(kind, id)} in workspace '{grant.WorkspaceId}'.");
            }

            return 0;
        });
        return command;
    }
}
