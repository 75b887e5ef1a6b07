using Slipway.Core.Security;

namespace Slipway.Server.Security;

/// <summary>
/// What an endpoint declares to the one authorization point (ADR 0007): the access it needs, where its
/// resource is named, and the audit action it records (null: not audited, with <see cref="AuditExemption"/> saying why).
/// An endpoint without one is refused when the server is built.
/// </summary>
public sealed record AccessRequirement(Access Access, ResourceTarget Target, string? AuditAction, string? AuditExemption = null);
