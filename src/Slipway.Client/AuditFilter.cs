namespace Slipway.Client;

/// <summary>
/// Which audit log entries to read: <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive), and optionally
/// one actor (user name), workspace and action (such as <c>token.create</c>). Unset properties do not filter.
/// </summary>
public sealed record AuditFilter
{
    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? Actor { get; init; }

    public string? Workspace { get; init; }

    public string? Action { get; init; }
}
