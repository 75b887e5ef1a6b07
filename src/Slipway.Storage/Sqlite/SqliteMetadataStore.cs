using Microsoft.Data.Sqlite;
using Slipway.Core.Errors;
using Slipway.Storage.Migrations;
using Slipway.Storage.Sql;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Sqlite;

/// <summary>
/// The embedded metadata store: one SQLite file in WAL mode. Writes go through one writer connection with
/// group commit (<see cref="SqliteWriteQueue"/>); reads use pooled reader connections.
/// </summary>
internal sealed class SqliteMetadataStore : SqlMetadataStore
{
    private readonly SqliteWriteQueue _writer;
    private readonly SqliteReaderPool _readers;
    private readonly SqliteDialect _dialect;
    private readonly StoreOptions _options;

    private SqliteMetadataStore(StoreOptions options, int schemaVersion, SqliteDialect dialect, MetricChunkCompaction compaction, SqliteWriteQueue writer, SqliteReaderPool readers)
        : base(schemaVersion, compaction)
    {
        _options = options;
        _dialect = dialect;
        _writer = writer;
        _readers = readers;
    }

    public override string Kind => "sqlite";

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/> and applies pending migrations.</summary>
    public static async Task<SqliteMetadataStore> OpenAsync(string path, StoreOptions options, CancellationToken cancellationToken)
    {
        var (connections, writer, dialect, schemaVersion) = await OpenWriterAndMigrateAsync(path, options, null, cancellationToken);
        try
        {
            using var commands = new SqlCommandCache(writer);
            var session = new SqlSession(null, dialect, options, commands);
            await ExperimentRepository.EnsureDefaultExperimentAsync(session, cancellationToken);
            var compaction = new MetricChunkCompaction(staged: true);
            await compaction.QueueStagedRunsAsync(session, cancellationToken);
            return new SqliteMetadataStore(
                options,
                schemaVersion,
                dialect,
                compaction,
                new SqliteWriteQueue(writer, dialect, compaction, options),
                new SqliteReaderPool(connections, maxIdle: Math.Max(4, Environment.ProcessorCount * 2)));
        }
        catch
        {
            dialect.Dispose();
            await writer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates or upgrades the database only up to <paramref name="schemaVersion"/> and closes it (tests build older databases so).</summary>
    internal static async Task MigrateOnlyAsync(string path, StoreOptions options, int schemaVersion, CancellationToken cancellationToken)
    {
        var (_, writer, dialect, _) = await OpenWriterAndMigrateAsync(path, options, schemaVersion, cancellationToken);
        dialect.Dispose();
        await writer.DisposeAsync();
    }

    public override async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await ReadAsync(async (s, ct) => await s.ScalarAsync("SELECT 1", ct) is not null, cancellationToken);
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        await _readers.DisposeAsync();
    }

    protected override async Task<T> ReadAsync<T>(Func<SqlSession, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var reader = await _readers.RentAsync(cancellationToken);
        try
        {
            await using var transaction = reader.Connection.BeginTransaction(deferred: true);
            return await work(new SqlSession(transaction, _dialect, _options, reader.Commands), cancellationToken);
        }
        finally
        {
            await _readers.ReturnAsync(reader);
        }
    }

    protected override Task<T> WriteAsync<T>(Func<SqlSession, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        _writer.WriteAsync(work, cancellationToken);

    private static async Task<(SqliteConnections Connections, SqliteConnection Writer, SqliteDialect Dialect, int SchemaVersion)> OpenWriterAndMigrateAsync(
        string path,
        StoreOptions options,
        int? targetSchemaVersion,
        CancellationToken cancellationToken)
    {
        CheckDirectory(path);
        var connections = new SqliteConnections(path, options.SqliteSynchronous, options.SqliteBusyTimeout);
        SqliteConnection writer;
        try
        {
            writer = await connections.OpenWriterAsync(cancellationToken);
        }
        catch (SqliteException error)
        {
            throw SlipwayException.Invalid($"Cannot open SQLite database '{path}': {error.Message}");
        }

        var dialect = new SqliteDialect(writer);
        try
        {
            var schemaVersion = await MigrationRunner.ApplyAsync(
                writer,
                dialect,
                MigrationCatalog.For(dialect.Name),
                options,
                targetSchemaVersion,
                cancellationToken);
            return (connections, writer, dialect, schemaVersion);
        }
        catch
        {
            dialect.Dispose();
            await writer.DisposeAsync();
            throw;
        }
    }

    private static void CheckDirectory(string path)
    {
        var directory = Path.GetDirectoryName(path) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw SlipwayException.Invalid($"The directory of the SQLite database '{path}' does not exist: {directory}");
        }

        var probe = Path.Combine(directory, $".slipway-write-check-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw SlipwayException.Invalid($"The directory of the SQLite database '{path}' is not writable ({directory}): {error.Message}");
        }
    }
}
