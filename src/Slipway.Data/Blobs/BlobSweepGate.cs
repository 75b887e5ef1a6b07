namespace Slipway.Data.Blobs;

/// <summary>
/// Keeps a commit's final presence check and its insert apart from the sweep's deletions: any number of commits
/// may hold the gate together, a sweep batch holds it alone. Without it a sweep could delete a blob between a
/// commit seeing it present and the commit's version naming it.
/// </summary>
public sealed class BlobSweepGate : IDisposable
{
    private readonly SemaphoreSlim _exclusive = new(1, 1);
    private readonly SemaphoreSlim _commitCount = new(1, 1);
    private int _commits;

    /// <summary>Held by a commit while it checks its blobs and inserts its version.</summary>
    public async Task<IDisposable> EnterCommitAsync(CancellationToken cancellationToken = default)
    {
        await _commitCount.WaitAsync(cancellationToken);
        try
        {
            if (_commits == 0)
            {
                await _exclusive.WaitAsync(cancellationToken);
            }

            _commits++;
        }
        finally
        {
            _commitCount.Release();
        }

        return new Lease(LeaveCommit);
    }

    /// <summary>Held by the sweep while it re-checks and deletes one batch of blobs.</summary>
    public async Task<IDisposable> EnterSweepAsync(CancellationToken cancellationToken = default)
    {
        await _exclusive.WaitAsync(cancellationToken);
        return new Lease(() => _exclusive.Release());
    }

    public void Dispose()
    {
        _exclusive.Dispose();
        _commitCount.Dispose();
    }

    private void LeaveCommit()
    {
        _commitCount.Wait();
        try
        {
            if (--_commits == 0)
            {
                _exclusive.Release();
            }
        }
        finally
        {
            _commitCount.Release();
        }
    }

    private sealed class Lease(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
