using System.Data.Common;

namespace Slipway.Storage.Sql;

/// <summary>
/// Commands of one connection kept by SQL text, so a statement run again is not parsed and planned again
/// (SQLite keeps a command's prepared statements; Npgsql prepares a command's SQL once it repeats). Not
/// thread-safe: a connection serves one unit of work at a time. The owner disposes it with the connection.
/// </summary>
internal sealed class SqlCommandCache(DbConnection connection) : IDisposable
{
    // Search queries are built per request; beyond this many distinct texts the cache starts over.
    private const int Capacity = 256;

    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    public DbConnection Connection => connection;

    /// <summary>
    /// The command for <paramref name="sql"/> with these parameter values; it stays owned by the cache. A
    /// cached command keeps its parameter objects and gets new values (Npgsql binds the objects it saw when
    /// it first parsed the SQL, so replacing them would go unnoticed).
    /// </summary>
    public DbCommand Get(string sql, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (_commands.TryGetValue(sql, out var command) && HasParameters(command, parameters))
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
            }

            return command;
        }

        if (command is not null)
        {
            command.Dispose();
            _commands.Remove(sql);
        }
        else if (_commands.Count >= Capacity)
        {
            Dispose();
        }

        command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        _commands.Add(sql, command);
        return command;
    }

    private static bool HasParameters(DbCommand command, ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (command.Parameters.Count != parameters.Length)
        {
            return false;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (command.Parameters[i].ParameterName != parameters[i].Name)
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
