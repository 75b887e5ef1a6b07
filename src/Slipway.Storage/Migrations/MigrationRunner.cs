using System.Data.Common;
using System.Globalization;
using Slipway.Storage.Sql;

namespace Slipway.Storage.Migrations;

/// <summary>
/// Brings a database's schema up to date: each pending migration runs in its own transaction together with
/// its row in <c>schema_version</c>, so a failure leaves the database at the previous version.
/// </summary>
internal static class MigrationRunner
{
    private const string CreateVersionTable =
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_time BIGINT NOT NULL)";

    /// <summary>Applies the migrations above the database's version, up to <paramref name="targetVersion"/> (all when null).</summary>
    /// <returns>The schema version afterwards.</returns>
    public static async Task<int> ApplyAsync(
        DbConnection connection,
        ISqlDialect dialect,
        IReadOnlyList<Migration> migrations,
        StoreOptions options,
        int? targetVersion,
        CancellationToken cancellationToken)
    {
        using var commands = new SqlCommandCache(connection);
        var session = new SqlSession(null, dialect, options, commands);
        await session.ExecuteAsync(CreateVersionTable, cancellationToken);

        var latestKnown = migrations.Count == 0 ? 0 : migrations[^1].Version;
        var current = await CurrentVersionAsync(session, cancellationToken);
        if (current > latestKnown)
        {
            throw new InvalidOperationException(
                $"The database schema is at version {current}, newer than this Slipway supports ({latestKnown}). Upgrade Slipway.");
        }

        foreach (var migration in migrations)
        {
            if (migration.Version <= current || (targetVersion is { } target && migration.Version > target))
            {
                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var inTransaction = new SqlSession(transaction, dialect, options, commands);
            if (dialect.MigrationLockStatement is { } lockStatement)
            {
                await inTransaction.ExecuteAsync(lockStatement, cancellationToken);
            }

            // Another process may have migrated while this one waited for the lock.
            current = await CurrentVersionAsync(inTransaction, cancellationToken);
            if (migration.Version <= current)
            {
                await transaction.RollbackAsync(cancellationToken);
                continue;
            }

            await inTransaction.ExecuteAsync(migration.Sql, cancellationToken);
            if (migration.DataStep is { } dataStep)
            {
                await dataStep(inTransaction, cancellationToken);
            }

            await inTransaction.ExecuteAsync(
                "INSERT INTO schema_version (version, name, applied_time) VALUES (@version, @name, @now)",
                cancellationToken,
                ("@version", migration.Version),
                ("@name", migration.Name),
                ("@now", options.NowMillis()));
            await transaction.CommitAsync(cancellationToken);
            current = migration.Version;
        }

        return current;
    }

    public static async Task<int> CurrentVersionAsync(SqlSession session, CancellationToken cancellationToken)
    {
        var value = await session.ScalarAsync("SELECT MAX(version) FROM schema_version", cancellationToken);
        return value is null ? 0 : Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }
}
