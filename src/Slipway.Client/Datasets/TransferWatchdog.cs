namespace Slipway.Client.Datasets;

/// <summary>
/// Cancels a transfer request when no bytes have moved for a while. A whole-request timeout cannot fit requests that
/// carry gigabytes, so transfers run without one and this catches a stalled connection or an unresponsive server.
/// </summary>
internal sealed class TransferWatchdog : IDisposable
{
    /// <summary>Resetting the timer takes a lock; once a second is often enough for timeouts of minutes.</summary>
    private const long KickIntervalMilliseconds = 1000;

    private readonly CancellationTokenSource _stalled;
    private readonly CancellationTokenSource _linked;
    private long _lastKick = long.MinValue / 2;

    public TransferWatchdog(TimeSpan stallTimeout, CancellationToken cancellationToken)
    {
        StallTimeout = stallTimeout;
        _stalled = new CancellationTokenSource();
        _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stalled.Token);
        Kick();
    }

    public TimeSpan StallTimeout { get; }

    /// <summary>Cancelled when the caller cancels or the transfer stalls.</summary>
    public CancellationToken Token => _linked.Token;

    public bool HasStalled => _stalled.IsCancellationRequested;

    /// <summary>Bytes moved: the stall timer starts again.</summary>
    public void Kick()
    {
        var now = Environment.TickCount64;
        if (StallTimeout == Timeout.InfiniteTimeSpan || now - Volatile.Read(ref _lastKick) < KickIntervalMilliseconds)
        {
            return;
        }

        Volatile.Write(ref _lastKick, now);
        _stalled.CancelAfter(StallTimeout);
    }

    public void Dispose()
    {
        _linked.Dispose();
        _stalled.Dispose();
    }
}
