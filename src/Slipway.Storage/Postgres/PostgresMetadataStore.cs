using System.Data;
using Npgsql;
using Slipway.Core.Errors;
using Slipway.Storage.Migrations;
using Slipway.Storage.Sql;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Postgres;

/// <summary>
/// The scale-out metadata store on PostgreSQL: pooled connections from one <see cref="NpgsqlDataSource"/>, a
/// transaction per write, retried on deadlock or serialization failure.
/// </summary>
internal sealed class PostgresMetadataStore : SqlMetadataStore
{
    private const int MaxAttempts = 3;

    private readonly NpgsqlDataSource _dataSource;
    private readonly StoreOptions _options;

    private PostgresMetadataStore(StoreOptions options, int schemaVersion, NpgsqlDataSource dataSource)
        : base(schemaVersion, new MetricChunkCompaction(staged: false))
    {
        _dataSource = dataSource;
        _options = options;
    }

    public override string Kind => "postgresql";

    /// <summary>Connects, applies pending migrations and makes sure the default experiment exists.</summary>
    public static async Task<PostgresMetadataStore> OpenAsync(NpgsqlConnectionStringBuilder connection, StoreOptions options, CancellationToken cancellationToken)
    {
        var dataSource = CreateDataSource(connection);
        try
        {
            await using var opened = await OpenFirstConnectionAsync(dataSource, connection, cancellationToken);
            var schemaVersion = await MigrateAsync(opened, options, null, cancellationToken);
            using var commands = new SqlCommandCache(opened);
            await ExperimentRepository.EnsureDefaultExperimentAsync(new SqlSession(null, PostgresDialect.Instance, options, commands), cancellationToken);
            return new PostgresMetadataStore(options, schemaVersion, dataSource);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates or upgrades the schema only up to <paramref name="schemaVersion"/> (tests build older databases so).</summary>
    internal static async Task MigrateOnlyAsync(NpgsqlConnectionStringBuilder connection, StoreOptions options, int schemaVersion, CancellationToken cancellationToken)
    {
        await using var dataSource = CreateDataSource(connection);
        await using var opened = await OpenFirstConnectionAsync(dataSource, connection, cancellationToken);
        await MigrateAsync(opened, options, schemaVersion, cancellationToken);
    }

    public override async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = _dataSource.CreateCommand("SELECT 1");
            return await command.ExecuteScalarAsync(cancellationToken) is not null;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    protected override Task<T> ReadAsync<T>(Func<SqlSession, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        RunInTransactionAsync(work, IsolationLevel.RepeatableRead, cancellationToken);

    protected override Task<T> WriteAsync<T>(Func<SqlSession, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        RunInTransactionAsync(work, IsolationLevel.ReadCommitted, cancellationToken);

    private static NpgsqlDataSource CreateDataSource(NpgsqlConnectionStringBuilder connection)
    {
        connection.MaxAutoPrepare = 64;
        connection.AutoPrepareMinUsages = 2;
        return NpgsqlDataSource.Create(connection);
    }

    private static async Task<NpgsqlConnection> OpenFirstConnectionAsync(NpgsqlDataSource dataSource, NpgsqlConnectionStringBuilder connection, CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception error) when (error is NpgsqlException or TimeoutException)
        {
            throw SlipwayException.Invalid($"Cannot connect to PostgreSQL at {PostgresStoreUri.Describe(connection)}: {error.Message}");
        }
    }

    private static Task<int> MigrateAsync(NpgsqlConnection connection, StoreOptions options, int? targetSchemaVersion, CancellationToken cancellationToken) =>
        MigrationRunner.ApplyAsync(
            connection,
            PostgresDialect.Instance,
            MigrationCatalog.For(PostgresDialect.Instance.Name),
            options,
            targetSchemaVersion,
            cancellationToken);

    private async Task<T> RunInTransactionAsync<T>(Func<SqlSession, CancellationToken, Task<T>> work, IsolationLevel isolation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(isolation, cancellationToken);
                using var commands = new SqlCommandCache(connection);
                var result = await work(new SqlSession(transaction, PostgresDialect.Instance, _options, commands), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostgresException error) when (attempt < MaxAttempts && error.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // Every unit of work is re-runnable: the failed attempt was rolled back as a whole.
            }
            catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw SlipwayException.AlreadyExists($"A concurrent request created the same resource ({error.ConstraintName}).");
            }
        }
    }
}
