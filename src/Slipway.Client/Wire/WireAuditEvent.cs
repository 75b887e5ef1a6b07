namespace Slipway.Client.Wire;

/// <summary>One audit log entry, as <c>/api/v1/audit</c> sends it.</summary>
internal sealed record WireAuditEvent
{
    public long Id { get; init; }

    public long Time { get; init; }

    public string? Actor { get; init; }

    public string? Workspace { get; init; }

    public string? Action { get; init; }

    public string? Resource { get; init; }

    public string? Outcome { get; init; }

    public string? ClientAddress { get; init; }

    public string? Details { get; init; }
}
