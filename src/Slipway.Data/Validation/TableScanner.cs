using System.Globalization;
using DuckDB.NET.Data;
using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Validation;

/// <summary>
/// Answers what a profile cannot (which values break a rule, which repeat) with DuckDB queries over the version's
/// local files. One in-memory database per suite run, opened only when a check needs the data, with a view per table.
/// </summary>
internal sealed class TableScanner(IReadOnlyDictionary<string, string> localFiles) : IAsyncDisposable
{
    private const int MaxExamples = 5;

    private readonly Dictionary<string, string> _views = new(StringComparer.Ordinal);
    private DuckDBConnection? _connection;

    /// <summary>
    /// Non-missing values of <paramref name="column"/> for which <paramref name="condition"/> (SQL over the quoted
    /// column, with parameters <c>$1</c>, <c>$2</c> ...) holds.
    /// </summary>
    public async Task<Violations> FindAsync(TableProfile table, string column, string condition, IReadOnlyList<object> parameters, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(table, cancellationToken);
        var quoted = DuckDbSql.Identifier(column);
        var sql = $"""
            WITH offending AS (SELECT CAST({quoted} AS VARCHAR) AS v FROM {view} WHERE {quoted} IS NOT NULL AND ({condition}))
            SELECT v, count(*) AS n, CAST(sum(count(*)) OVER () AS BIGINT) AS total_rows, count(*) OVER () AS total_values
            FROM offending GROUP BY v ORDER BY n DESC, v LIMIT {MaxExamples}
            """;
        return await QueryAsync(sql, parameters, cancellationToken);
    }

    /// <summary>Non-missing values of <paramref name="column"/> held by more than one row.</summary>
    public async Task<Violations> FindDuplicatesAsync(TableProfile table, string column, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(table, cancellationToken);
        var quoted = DuckDbSql.Identifier(column);
        var sql = $"""
            SELECT CAST({quoted} AS VARCHAR) AS v, count(*) AS n, CAST(sum(count(*)) OVER () AS BIGINT) AS total_rows, count(*) OVER () AS total_values
            FROM {view} WHERE {quoted} IS NOT NULL GROUP BY {quoted} HAVING count(*) > 1 ORDER BY n DESC, v LIMIT {MaxExamples}
            """;
        return await QueryAsync(sql, [], cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private async Task<Violations> QueryAsync(string sql, IReadOnlyList<object> parameters, CancellationToken cancellationToken)
    {
        await using var command = _connection!.CreateCommand();
        command.CommandText = sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(parameter));
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var examples = new List<ValueFrequency>();
        long rows = 0, values = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            examples.Add(new ValueFrequency(reader.GetString(0), reader.GetInt64(1)));
            rows = reader.GetInt64(2);
            values = reader.GetInt64(3);
        }

        return new Violations(rows, values, examples);
    }

    private async Task<string> ViewAsync(TableProfile table, CancellationToken cancellationToken)
    {
        if (_views.TryGetValue(table.Path, out var existing))
        {
            return existing;
        }

        if (!localFiles.TryGetValue(table.Path, out var file))
        {
            throw new InvalidOperationException($"The validation target has no local file for '{table.Path}'.");
        }

        var source = table.Format switch
        {
            "parquet" => $"read_parquet({DuckDbSql.StringLiteral(file)})",
            "csv" => $"read_csv({DuckDbSql.StringLiteral(file)}, header = true, {DuckDbSql.StrictCsv})",
            _ => throw new InvalidOperationException($"Cannot query '{table.Path}': unknown table format '{table.Format}'."),
        };

        if (_connection is null)
        {
            _connection = new DuckDBConnection("DataSource=:memory:");
            await _connection.OpenAsync(cancellationToken);
        }

        var view = DuckDbSql.Identifier("t" + _views.Count.ToString(CultureInfo.InvariantCulture));
        await using var command = _connection.CreateCommand();
        command.CommandText = $"CREATE TEMP VIEW {view} AS SELECT * FROM {source}";
        await command.ExecuteNonQueryAsync(cancellationToken);
        _views[table.Path] = view;
        return view;
    }
}
