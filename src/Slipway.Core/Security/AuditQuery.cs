namespace Slipway.Core.Security;

/// <summary>
/// Which audit entries to read, oldest first: a time range (<see cref="From"/> inclusive, <see cref="To"/>
/// exclusive) and optional actor, workspace and action; at most <see cref="MaxResults"/> after the entry
/// <see cref="AfterId"/> (the page token).
/// </summary>
public sealed record AuditQuery(long? From, long? To, string? Actor, string? WorkspaceId, string? Action, int MaxResults, long? AfterId);
