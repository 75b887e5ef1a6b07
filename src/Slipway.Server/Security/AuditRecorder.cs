using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Slipway.Core.Security;
using Slipway.Core.Stores;

namespace Slipway.Server.Security;

/// <summary>
/// Writes audit entries for the authorization point and the management endpoints. An entry is written right after
/// the call it records has finished (ADR 0008); a failure to write one is logged and never fails the call.
/// </summary>
public sealed partial class AuditRecorder(IAuditLog log, TimeProvider time, ILogger<AuditRecorder> logger)
{
    public const string Success = "success";
    public const string Denied = "denied";
    public const string Failure = "failure";

    public async Task RecordAsync(
        HttpContext context, string? actor, string? workspaceId, string action, string? resource, string outcome, string? details = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var entry = new AuditEvent(
            0,
            time.GetUtcNow().ToUnixTimeMilliseconds(),
            actor,
            workspaceId,
            action,
            resource,
            outcome,
            context.Connection.RemoteIpAddress?.ToString(),
            details);
        try
        {
            // Not the request's token: a client that hangs up must not erase the record of what it did.
            await log.AppendAuditEventsAsync([entry], CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogWriteFailed(logger, action, ex);
        }
    }

    /// <summary>The outcome an HTTP status stands for.</summary>
    public static string OutcomeOf(int status) => status switch
    {
        < 400 => Success,
        401 or 403 => Denied,
        _ => Failure,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write the audit entry for {Action}")]
    private static partial void LogWriteFailed(ILogger logger, string action, Exception exception);
}
