using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Slipway.Storage.Sqlite;

/// <summary>
/// Open read connections kept for reuse. In WAL mode readers see the last commit and never wait for the
/// writer, so reads scale with cores while writes go through the single writer.
/// </summary>
internal sealed class SqliteReaderPool(SqliteConnections connections, int maxIdle) : IAsyncDisposable
{
    private readonly ConcurrentBag<SqliteConnection> _idle = [];
    private volatile bool _disposed;

    public async ValueTask<SqliteConnection> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _idle.TryTake(out var connection) ? connection : await connections.OpenReaderAsync(cancellationToken);
    }

    public async ValueTask ReturnAsync(SqliteConnection connection)
    {
        if (_disposed || _idle.Count >= maxIdle)
        {
            await connection.DisposeAsync();
            return;
        }

        _idle.Add(connection);
        if (_disposed && _idle.TryTake(out var late))
        {
            await late.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection))
        {
            await connection.DisposeAsync();
        }
    }
}
