using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Slipway.Storage.Sql;

namespace Slipway.Storage.Sqlite;

/// <summary>
/// Open read connections kept for reuse, each with its prepared commands. In WAL mode readers see the last
/// commit and never wait for the writer, so reads scale with cores while writes go through the single writer.
/// </summary>
internal sealed class SqliteReaderPool(SqliteConnections connections, int maxIdle) : IAsyncDisposable
{
    private readonly ConcurrentBag<Reader> _idle = [];
    private volatile bool _disposed;

    public async ValueTask<Reader> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _idle.TryTake(out var reader) ? reader : new Reader(await connections.OpenReaderAsync(cancellationToken));
    }

    public async ValueTask ReturnAsync(Reader reader)
    {
        if (_disposed || _idle.Count >= maxIdle)
        {
            await reader.DisposeAsync();
            return;
        }

        _idle.Add(reader);
        if (_disposed && _idle.TryTake(out var late))
        {
            await late.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryTake(out var reader))
        {
            await reader.DisposeAsync();
        }
    }

    /// <summary>A read connection with the commands prepared on it.</summary>
    public sealed class Reader(SqliteConnection connection) : IAsyncDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        public SqlCommandCache Commands { get; } = new(connection);

        public ValueTask DisposeAsync()
        {
            Commands.Dispose();
            return Connection.DisposeAsync();
        }
    }
}
