using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Slipway.Storage.Sqlite;

/// <summary>
/// Statements prepared once on a connection and run through SQLite's C API, for the writer's hottest and
/// simplest statements (savepoints, moving staged history), where ADO.NET's per-call work would dominate.
/// </summary>
internal sealed class SqliteRawStatements(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, sqlite3_stmt> _statements = new(StringComparer.Ordinal);

    public sqlite3_stmt Prepare(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            Check(raw.sqlite3_prepare_v2(connection.Handle, sql, out statement));
            _statements.Add(sql, statement);
        }

        return statement;
    }

    /// <summary>Runs a statement that returns no rows, with up to one integer argument (?1).</summary>
    public void Execute(string sql, long? argument = null)
    {
        var statement = Prepare(sql);
        if (argument is { } value)
        {
            Check(raw.sqlite3_bind_int64(statement, 1, value));
        }

        Step(statement);
    }

    /// <summary>The first column of the first row as an integer, or null for no row or NULL.</summary>
    public long? QueryInt64(string sql)
    {
        var statement = Prepare(sql);
        try
        {
            var result = raw.sqlite3_step(statement);
            if (result == raw.SQLITE_ROW)
            {
                return raw.sqlite3_column_type(statement, 0) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(statement, 0);
            }

            ThrowUnlessDone(result);
            return null;
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    /// <summary>Steps a statement that returns no rows, then resets it for the next use.</summary>
    public void Step(sqlite3_stmt statement)
    {
        var result = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        ThrowUnlessDone(result);
    }

    public void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, connection.Handle);
        }
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _statements.Clear();
    }

    private void ThrowUnlessDone(int result)
    {
        if (result != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(result, connection.Handle);
        }
    }
}
