using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Slipway.Storage.Sql;

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
    private const string Savepoint = "unit";

    private readonly Channel<IQueuedWrite> _queue = Channel.CreateUnbounded<IQueuedWrite>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly SqliteConnection _connection;
    private readonly ISqlDialect _dialect;
    private readonly StoreOptions _options;
    private readonly Task _loop;

    public SqliteWriteQueue(SqliteConnection connection, ISqlDialect dialect, StoreOptions options)
    {
        _connection = connection;
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
        _queue.Writer.TryComplete();
        await _loop;
        await _connection.DisposeAsync();
    }

    private async Task RunAsync()
    {
        var group = new List<IQueuedWrite>(MaxGroupSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
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
        }
    }

    private async Task CommitGroupAsync(List<IQueuedWrite> group)
    {
        var succeeded = new List<IQueuedWrite>(group.Count);
        IQueuedWrite? current = null;
        try
        {
            // BEGIN IMMEDIATE: take the write lock up front, so another process cannot make the group fail half-way.
            await using var transaction = _connection.BeginTransaction(deferred: false);
            var session = new SqlSession(_connection, transaction, _dialect, _options);
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
                    await transaction.SaveAsync(Savepoint);
                    try
                    {
                        await write.ExecuteAsync(session);
                    }
                    catch (Exception error)
                    {
                        await transaction.RollbackAsync(Savepoint);
                        await transaction.ReleaseAsync(Savepoint);
                        write.Fail(error);
                        continue;
                    }

                    await transaction.ReleaseAsync(Savepoint);
                    succeeded.Add(write);
                }
            }

            current = null;
            await transaction.CommitAsync();
        }
        catch (Exception error)
        {
            // The transaction is gone (rolled back on dispose): nothing of this group was written.
            current?.Fail(error);
            foreach (var write in succeeded)
            {
                write.Fail(error);
            }

            return;
        }

        foreach (var write in succeeded)
        {
            write.Complete();
        }
    }
}
