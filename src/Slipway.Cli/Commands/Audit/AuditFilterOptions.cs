using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Slipway.Client;

namespace Slipway.Cli.Commands.Audit;

/// <summary>
/// The filters <c>audit list</c> and <c>audit export</c> share. The workspace filter is <c>--audit-workspace</c>
/// because the global <c>--workspace</c> chooses where a command acts, and the audit log is server-wide.
/// </summary>
internal sealed class AuditFilterOptions
{
    public Option<DateTimeOffset?> From { get; } = TimeOption("--from", "--since", "Only entries at or after this time");

    public Option<DateTimeOffset?> To { get; } = TimeOption("--to", "--until", "Only entries before this time");

    public Option<string?> Actor { get; } = new("--actor") { Description = "Only entries by this user.", HelpName = "user" };

    public Option<string?> Action { get; } = new("--action")
    {
        Description = "Only this action, such as login, user.create, token.revoke or experiment.delete.",
        HelpName = "action",
    };

    public Option<string?> Workspace { get; } = new("--audit-workspace")
    {
        Description = "Only entries in this workspace.",
        HelpName = "name",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(From);
        command.Options.Add(To);
        command.Options.Add(Actor);
        command.Options.Add(Action);
        command.Options.Add(Workspace);
    }

    public AuditFilter ToFilter(ClientInvocation call) => new()
    {
        From = call.Get(From),
        To = call.Get(To),
        Actor = call.Get(Actor),
        Action = call.Get(Action),
        Workspace = call.Get(Workspace),
    };

    /// <summary>A time as ISO-8601 (local time unless it names its offset) or as milliseconds since the Unix epoch.</summary>
    private static Option<DateTimeOffset?> TimeOption(string name, string alias, string description) => new(name, alias)
    {
        Description = $"{description}: ISO-8601 such as 2025-06-01 or 2025-06-01T14:30:00Z (local time without an offset), or ms since the epoch.",
        HelpName = "time",
        CustomParser = result => Parse(result, $"{name}/{alias}"),
    };

    private static DateTimeOffset? Parse(ArgumentResult result, string name)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds >= 0 && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var time))
        {
            return time;
        }

        result.AddError($"Invalid time '{text}' for {name}: use ISO-8601 (2025-06-01, 2025-06-01T14:30:00Z) or milliseconds since the Unix epoch.");
        return null;
    }
}
