using Slipway.Storage.Sql;

namespace Slipway.Storage.Migrations;

/// <summary>
/// One schema migration: a script (<see cref="Version"/> comes from its file name, <c>0002_name.sql</c>) and,
/// where rows must be rewritten in ways SQL cannot express, a data step that runs after the script in the same
/// transaction.
/// </summary>
internal sealed record Migration(int Version, string Name, string Sql, Func<SqlSession, CancellationToken, Task>? DataStep = null);
