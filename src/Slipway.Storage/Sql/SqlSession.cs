using System.Data.Common;

namespace Slipway.Storage.Sql;

/// <summary>
/// The context of one unit of work: a connection with the transaction it runs in (null for migrations and
/// set-up), the dialect of the database behind it, and the store's options (clock, default artifact root).
/// Commands come from the connection's <see cref="SqlCommandCache"/>, enlisted in the transaction; callers
/// dispose the readers they open, never the commands.
/// </summary>
internal sealed class SqlSession(DbTransaction? transaction, ISqlDialect dialect, StoreOptions options, SqlCommandCache commands)
{
    public DbConnection Connection => commands.Connection;

    public DbTransaction? Transaction { get; } = transaction;

    public ISqlDialect Dialect { get; } = dialect;

    public StoreOptions Options { get; } = options;

    public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        Command(sql, parameters).ExecuteNonQueryAsync(cancellationToken);

    /// <summary>The first column of the first row, or null when there is no row (or the value is NULL).</summary>
    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var value = await Command(sql, parameters).ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    /// <summary>Runs a query; the caller reads and disposes the reader before running the same SQL again.</summary>
    public Task<DbDataReader> ReadAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        Command(sql, parameters).ExecuteReaderAsync(cancellationToken);

    public Task<DbDataReader> ReadAsync(SqlQuery query, CancellationToken cancellationToken) =>
        ReadAsync(query.Text.ToString(), cancellationToken, [.. query.Parameters]);

    /// <summary>A command for <paramref name="sql"/> with the parameters bound; owned by the session's cache.</summary>
    private DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = commands.Get(sql, parameters);
        command.Transaction = Transaction;
        return command;
    }
}
