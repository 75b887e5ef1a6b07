namespace Slipway.Core.Security;

/// <summary>
/// One entry of the audit log: who (<see cref="Actor"/>, null when unauthenticated) did what
/// (<see cref="Action"/>, such as <c>experiment.create</c> or <c>login</c>) to which resource, in which
/// workspace, when (milliseconds since the Unix epoch), and how it ended (<see cref="Outcome"/>: <c>success</c>,
/// <c>denied</c> or <c>failure</c>). <see cref="Id"/> orders entries as they were written.
/// </summary>
public sealed record AuditEvent(
    long Id,
    long Time,
    string? Actor,
    string? WorkspaceId,
    string Action,
    string? Resource,
    string Outcome,
    string? ClientAddress,
    string? Details);
