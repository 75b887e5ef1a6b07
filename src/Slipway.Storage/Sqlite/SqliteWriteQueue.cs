using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Slipway.Storage.Sql;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Sqlite;

/// <summary>
/// The single SQLite writer, with group commit. Callers enqueue units of work; one loop takes everything
/// pending, runs each unit in its own SAVEPOINT inside one transaction (a failing unit is rolled back alone
/// and fails only its caller), commits once, and only then completes the callers. A write is acknowledged
/// only when it is durable, and one fsync serves the whole group.
/// </summary>
internal sealed class SqliteWriteQueue : IAsyncDisposable
{
    private const int MaxGroupSize = 1024;

    private static readonly TimeSpan MaxMergeWait = TimeSpan.FromMilliseconds(200);

    private const string SetSavepoint = "SAVEPOINT unit";
    private const string RollbackToSavepoint = "ROLLBACK TO SAVEPOINT unit";
    private const string ReleaseSavepoint = "RELEASE SAVEPOINT unit";

    private readonly Channel<IQueuedWrite> _queue = Channel.CreateUnbounded<IQueuedWrite>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly SqliteConnection _connection;
    private readonly SqlCommandCache _commands;
    private readonly SqliteRawStatements _savepoints;
    private readonly SqliteDialect _dialect;
    private readonly MetricChunkCompaction _compaction;
    private readonly StoreOptions _options;
    private readonly Task _loop;
    private DateTime _noMergesUntil;
    private long _lastMerge = Stopwatch.GetTimestamp();
    private volatile bool _closing;

    public SqliteWriteQueue(SqliteConnection connection, SqliteDialect dialect, MetricChunkCompaction compaction, StoreOptions options)
    {
        _compaction = compaction;
        _connection = connection;
        _commands = new SqlCommandCache(connection);
        _savepoints = new SqliteRawStatements(connection);
        _dialect = dialect;
        _options = options;
        _loop = Task.Run(RunAsync);
    }

    public Task<T> WriteAsync<T>(Func<SqlSession, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var write = new QueuedWrite<T>(work, cancellationToken);
        if (!_queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(SqliteWriteQueue), "The metadata store is closed.");
        }

        return write.Task;
    }

    /// <summary>Stops taking writes, finishes the ones already queued, and closes the writer connection.</summary>
    public async ValueTask DisposeAsync()
    {
        // Merges are an optimisation: closing does not wait for a backlog of them. Their chunks stay readable,
        // unmerged, and merge once more small chunks gather after the next open.
        _closing = true;
        _queue.Writer.TryComplete();
        await _loop;
        _dialect.Dispose();
        _savepoints.Dispose();
        _commands.Dispose();
        await _connection.DisposeAsync();
    }

    private async Task RunAsync()
    {
        var group = new List<IQueuedWrite>(MaxGroupSize);
        var reader = _queue.Reader;
        while (true)
        {
            if (!reader.TryPeek(out _))
            {
                // Nothing waiting: a good moment to merge metric chunks.
                if (!_closing && _compaction.HasDue && await TryMergeChunksAsync())
                {
                    continue;
                }

                if (!await reader.WaitToReadAsync())
                {
                    break;
                }
            }

            while (group.Count < MaxGroupSize && reader.TryRead(out var write))
            {
                if (write.IsCanceled)
                {
                    write.Cancel();
                }
                else
                {
                    group.Add(write);
                }
            }

            if (group.Count > 0)
            {
                await CommitGroupAsync(group);
                group.Clear();
            }

            // Under steady load the queue is rarely empty: merges then go between groups, once the backlog is large
            // or has waited long enough, so a run's staged batches (which every read of its history scans) stay few.
            if (!_closing && _compaction.HasDue && (_compaction.HasLargeBacklog || Stopwatch.GetElapsedTime(_lastMerge) > MaxMergeWait))
            {
                await TryMergeChunksAsync();
            }
        }
    }

    /// <summary>
    /// Does some of the deferred metric work (<see cref="MetricChunkCompaction.MergeDueAsync"/>) in a transaction of
    /// its own, while the queue is idle or once the backlog is large; false when that failed.
    /// </summary>
    private async Task<bool> TryMergeChunksAsync()
    {
        _lastMerge = Stopwatch.GetTimestamp();
        if (DateTime.UtcNow < _noMergesUntil)
        {
            return false;
        }

        try
        {
            await using var transaction = _connection.BeginTransaction(deferred: false);
            await _compaction.MergeDueAsync(new SqlSession(transaction, _dialect, _options, _commands), CancellationToken.None);
            await transaction.CommitAsync();
            return true;
        }
        catch (Exception)
        {
            // Unmerged chunks read correctly, only slower; try again later rather than spin. (The writer loop
            // must not die: queued writes would never complete.)
            _noMergesUntil = DateTime.UtcNow.AddSeconds(5);
            return false;
        }
    }

    private async Task CommitGroupAsync(List<IQueuedWrite> group)
    {
        var succeeded = new List<IQueuedWrite>(group.Count);

        // A unit's failure may reflect rows of other units in this group (a name another unit just took);
        // its caller hears of it only after the commit, so a retry or a read then sees those rows.
        var rejected = new List<(IQueuedWrite Write, Exception Error)>();
        IQueuedWrite? current = null;
        try
        {
            // BEGIN IMMEDIATE: take the write lock up front, so another process cannot make the group fail half-way.
            await using var transaction = _connection.BeginTransaction(deferred: false);
            var session = new SqlSession(transaction, _dialect, _options, _commands);
            if (group.Count == 1)
            {
                // Alone in its group: no savepoint needed, a failure rolls back the whole transaction.
                current = group[0];
                await current.ExecuteAsync(session);
                succeeded.Add(current);
            }
            else
            {
                foreach (var write in group)
                {
                    current = write;
                    _savepoints.Execute(SetSavepoint);
                    try
                    {
                        await write.ExecuteAsync(session);
                    }
                    catch (Exception error)
                    {
                        _savepoints.Execute(RollbackToSavepoint);
                        _savepoints.Execute(ReleaseSavepoint);
                        rejected.Add((write, error));
                        continue;
                    }

                    _savepoints.Execute(ReleaseSavepoint);
                    succeeded.Add(write);
                }
            }

            current = null;
            await transaction.CommitAsync();
        }
        catch (Exception error)
        {
            // The transaction is gone (rolled back on dispose): nothing of this group was written. Every write
            // not already rejected fails with it, also those the group never reached (the transaction could not
            // start, or SQLite rolled it back under a later unit), so no caller waits forever.
            foreach (var (write, unitError) in rejected)
            {
                write.Fail(unitError);
            }

            foreach (var write in group)
            {
                write.Fail(error);
            }

            return;
        }
        finally
        {
            foreach (var (write, unitError) in rejected)
            {
                write.Fail(unitError);
            }
        }

        foreach (var write in succeeded)
        {
            write.Complete();
        }
    }
}
