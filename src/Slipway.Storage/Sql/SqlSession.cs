using System.Data.Common;

namespace Slipway.Storage.Sql;

/// <summary>
/// The context of one unit of work: a connection with the transaction it runs in (null for migrations and
/// set-up), the dialect of the database behind it, and the store's options (clock, default artifact root).
/// Commands created here are enlisted in the transaction.
/// </summary>
internal sealed class SqlSession(DbConnection connection, DbTransaction? transaction, ISqlDialect dialect, StoreOptions options)
{
    public DbConnection Connection { get; } = connection;

    public DbTransaction? Transaction { get; } = transaction;

    public ISqlDialect Dialect { get; } = dialect;

    public StoreOptions Options { get; } = options;

    public DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        return command;
    }

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The first column of the first row, or null when there is no row (or the value is NULL).</summary>
    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }
}
