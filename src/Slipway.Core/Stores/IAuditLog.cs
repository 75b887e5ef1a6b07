using Slipway.Core.Security;

namespace Slipway.Core.Stores;

/// <summary>The append-only audit log (ADR 0007): entries are added and read, never changed or removed.</summary>
public interface IAuditLog
{
    /// <summary>Appends entries (their <see cref="AuditEvent.Id"/> is ignored and assigned), in order.</summary>
    Task AppendAuditEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Entries matching the query, oldest first; the next page token is the last entry's id.</summary>
    Task<Page<AuditEvent>> QueryAuditEventsAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
