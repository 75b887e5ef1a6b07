using Slipway.Core.Errors;

namespace Slipway.Client.Logging;

/// <summary>
/// Values an <see cref="ActiveRun"/> logged could not be sent. It is thrown by the next call on the run (or by
/// <see cref="ActiveRun.DisposeAsync"/>) after the background flush gave up. <see cref="ValuesStillBuffered"/> says
/// whether the values are kept and retried on the next flush (transient failure) or were rejected by the server.
/// </summary>
public sealed class RunLoggingException : SlipwayException
{
    public RunLoggingException(string runId, Exception innerException, bool valuesStillBuffered, int rejectedCount)
        : base(
            (innerException as SlipwayException)?.Code ?? ErrorCode.InternalError,
            valuesStillBuffered
                ? $"Logging to run {runId} failed; the values stay buffered and are retried on the next flush: {innerException?.Message}"
                : $"Logging to run {runId} failed; the server rejected {rejectedCount} value(s): {innerException?.Message}",
            innerException!)
    {
        RunId = runId;
        ValuesStillBuffered = valuesStillBuffered;
        RejectedCount = rejectedCount;
    }

    public string RunId { get; }

    public bool ValuesStillBuffered { get; }

    /// <summary>How many metrics, params and tags the server refused (0 when they are still buffered).</summary>
    public int RejectedCount { get; }
}
