using System.Text;
using Microsoft.Data.Sqlite;
using Slipway.Core.Tracking;
using Slipway.Storage.Sql.Tracking;
using SQLitePCL;

namespace Slipway.Storage.Sqlite;

/// <summary>
/// The metric ingestion hot path on the SQLite writer connection: statements inserting 64, 16, 4 or 1 rows of
/// metric chunks or latest values, prepared once and bound by position through SQLite's C API, so a batch
/// costs a few statement executions and no SQL parsing. Latest values store NaN as 0 with is_nan 1 (SQLite
/// would store NULL); chunks keep NaN in their bytes.
/// </summary>
internal sealed class SqliteMetricWriter(SqliteConnection connection) : IDisposable
{
    private static readonly int[] ChunkSizes = [64, 16, 4, 1];

    private readonly SqliteRawStatements _statements = new(connection);
    private readonly Dictionary<(bool Latest, int Rows), sqlite3_stmt> _inserts = [];

    public void InsertChunks(long runKey, IReadOnlyList<MetricChunk> chunks) =>
        Write(latest: false, chunks.Count, (statement, parameter, i) =>
        {
            var chunk = chunks[i];
            _statements.Check(raw.sqlite3_bind_int64(statement, parameter, runKey));
            _statements.Check(raw.sqlite3_bind_text(statement, parameter + 1, chunk.Key));
            _statements.Check(raw.sqlite3_bind_int(statement, parameter + 2, chunk.ValueCount));
            _statements.Check(raw.sqlite3_bind_int64(statement, parameter + 3, chunk.MinStep));
            _statements.Check(raw.sqlite3_bind_int64(statement, parameter + 4, chunk.MaxStep));
            _statements.Check(raw.sqlite3_bind_blob(statement, parameter + 5, chunk.Data));
        });

    /// <summary>Offers one candidate per key to latest_metrics, replacing only older values (<see cref="LatestMetricRule"/>).</summary>
    public void UpsertLatest(long runKey, IReadOnlyList<Metric> candidates) =>
        Write(latest: true, candidates.Count, (statement, parameter, i) =>
        {
            var metric = candidates[i];
            var isNan = double.IsNaN(metric.Value);
            _statements.Check(raw.sqlite3_bind_int64(statement, parameter, runKey));
            _statements.Check(raw.sqlite3_bind_text(statement, parameter + 1, metric.Key));
            _statements.Check(raw.sqlite3_bind_int64(statement, parameter + 2, metric.Step));
            _statements.Check(raw.sqlite3_bind_int64(statement, parameter + 3, metric.Timestamp));
            _statements.Check(raw.sqlite3_bind_double(statement, parameter + 4, isNan ? 0 : metric.Value));
            _statements.Check(raw.sqlite3_bind_int(statement, parameter + 5, isNan ? 1 : 0));
        });

    public void Dispose()
    {
        foreach (var statement in _inserts.Values)
        {
            statement.Dispose();
        }

        _inserts.Clear();
        _statements.Dispose();
    }

    /// <summary>Binds <paramref name="count"/> rows of six columns each; <paramref name="bind"/> gets a row's first parameter index.</summary>
    private void Write(bool latest, int count, Action<sqlite3_stmt, int, int> bind)
    {
        var next = 0;
        foreach (var rows in ChunkSizes)
        {
            while (count - next >= rows)
            {
                var statement = Insert(latest, rows);
                for (var i = 0; i < rows; i++, next++)
                {
                    bind(statement, 1 + (i * 6), next);
                }

                _statements.Step(statement);
            }
        }
    }

    private sqlite3_stmt Insert(bool latest, int rows)
    {
        if (_inserts.TryGetValue((latest, rows), out var statement))
        {
            return statement;
        }

        var sql = new StringBuilder(latest
            ? "INSERT INTO latest_metrics AS l (run_key, key, step, timestamp, value, is_nan) VALUES "
            : "INSERT INTO metric_chunks (run_key, key, value_count, min_step, max_step, data) VALUES ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)");
        }

        if (latest)
        {
            sql.Append(" ON CONFLICT (run_key, key) DO UPDATE SET step = excluded.step, timestamp = excluded.timestamp, ")
                .Append($"value = excluded.value, is_nan = excluded.is_nan WHERE {LatestMetricRule.SqlCondition("excluded", "l")}");
        }

        _statements.Check(raw.sqlite3_prepare_v2(connection.Handle, sql.ToString(), out statement));
        _inserts.Add((latest, rows), statement);
        return statement;
    }
}
