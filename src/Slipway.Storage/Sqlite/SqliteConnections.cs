using Microsoft.Data.Sqlite;

namespace Slipway.Storage.Sqlite;

/// <summary>Opens the store's connections with their settings: one writer, any number of readers.</summary>
internal sealed class SqliteConnections(string path, SqliteSynchronousMode synchronous, TimeSpan busyTimeout)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = false,
        DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
    }.ToString();

    /// <summary>
    /// The writer: write-ahead log (readers never block it, and a commit is durable once it returns), the
    /// chosen sync level, and a larger cache and checkpoint interval for bulk metric ingestion.
    /// </summary>
    public async Task<SqliteConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        var sync = synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL";
        await ExecuteAsync(
            connection,
            $"""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = {sync};
            PRAGMA cache_size = -8192;
            PRAGMA wal_autocheckpoint = 4000;
            """,
            cancellationToken);
        return connection;
    }

    /// <summary>A reader: query-only, memory-mapped so readers share the OS page cache.</summary>
    public async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA query_only = ON; PRAGMA cache_size = -16384;", cancellationToken);
        return connection;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(
                connection,
                $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 268435456;",
                cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
