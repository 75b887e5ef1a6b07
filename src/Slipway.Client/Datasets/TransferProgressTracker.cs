namespace Slipway.Client.Datasets;

/// <summary>
/// Counts one phase's bytes and files from many threads and reports snapshots to an <see cref="IProgress{T}"/> at
/// most every 100 ms (and whenever <see cref="Report"/> is called), one at a time, so a UI sees steady, monotonic values.
/// </summary>
internal sealed class TransferProgressTracker(IProgress<TransferProgress>? progress, TransferPhase phase, long bytesTotal, int filesTotal)
{
    private const long ReportIntervalMilliseconds = 100;

    private readonly Lock _reportLock = new();
    private long _bytesDone;
    private int _filesDone;
    private long _lastReport = long.MinValue / 2;

    public long BytesDone => Interlocked.Read(ref _bytesDone);

    public int FilesDone => Volatile.Read(ref _filesDone);

    public void AddBytes(long count)
    {
        Interlocked.Add(ref _bytesDone, count);
        ReportIfDue();
    }

    public void AddFiles(int count)
    {
        Interlocked.Add(ref _filesDone, count);
        ReportIfDue();
    }

    /// <summary>Reports the current counts now (at the start and end of a phase).</summary>
    public void Report()
    {
        if (progress is null)
        {
            return;
        }

        lock (_reportLock)
        {
            _lastReport = Environment.TickCount64;
            progress.Report(new TransferProgress(phase, BytesDone, bytesTotal, FilesDone, filesTotal));
        }
    }

    private void ReportIfDue()
    {
        if (progress is null || Environment.TickCount64 - Volatile.Read(ref _lastReport) < ReportIntervalMilliseconds)
        {
            return;
        }

        lock (_reportLock)
        {
            var now = Environment.TickCount64;
            if (now - _lastReport < ReportIntervalMilliseconds)
            {
                return;
            }

            _lastReport = now;
            progress.Report(new TransferProgress(phase, BytesDone, bytesTotal, FilesDone, filesTotal));
        }
    }
}
