using System.Text;
using Microsoft.Data.Sqlite;
using Slipway.Core.Tracking;
using Slipway.Storage.Sql.Tracking;
using SQLitePCL;

namespace Slipway.Storage.Sqlite;

/// <summary>
/// The metric ingestion hot path on the SQLite writer connection: statements inserting 64, 16, 4 or 1 rows,
/// prepared once and bound by position through SQLite's C API, so a 1000-metric batch costs a few dozen
/// statement executions and no SQL parsing. NaN is written as 0 with is_nan 1 (SQLite would store NULL).
/// History values are appended to metrics_staging and moved to metrics, sorted, in slices
/// (<see cref="MoveStagedHistory"/>): the sorted table then takes many values per page it touches, where
/// direct inserts of a 1000-key batch would touch a page per key.
/// </summary>
internal sealed class SqliteMetricWriter(SqliteConnection connection) : IDisposable
{
    private static readonly int[] ChunkSizes = [64, 16, 4, 1];

    private readonly SqliteRawStatements _statements = new(connection);
    private readonly Dictionary<(bool Latest, int Rows), sqlite3_stmt> _inserts = [];

    /// <summary>Values appended to staging and not yet moved; counted here because only this writer changes them.</summary>
    public long StagedRows { get; private set; }

    /// <summary>Counts the staged values: when the store opens, and after a failed move.</summary>
    public void CountStaged() => StagedRows = _statements.QueryInt64("SELECT COUNT(*) FROM metrics_staging") ?? 0;

    /// <summary>Appends to the history (staging); a value logged twice is folded into one when it moves.</summary>
    public void InsertHistory(long runKey, IReadOnlyList<Metric> metrics)
    {
        Write(latest: false, runKey, metrics);
        StagedRows += metrics.Count;
    }

    /// <summary>Offers one candidate per key to latest_metrics, replacing only older values (<see cref="LatestMetricRule"/>).</summary>
    public void UpsertLatest(long runKey, IReadOnlyList<Metric> candidates) => Write(latest: true, runKey, candidates);

    /// <summary>
    /// Moves the oldest <paramref name="maxRows"/> staged values into metrics, in key order, dropping values
    /// already there. The caller runs it in a transaction of its own and calls <see cref="CountStaged"/> if that
    /// transaction fails.
    /// </summary>
    public void MoveStagedHistory(long maxRows)
    {
        if (_statements.QueryInt64("SELECT MIN(seq) FROM metrics_staging") is not { } first)
        {
            StagedRows = 0;
            return;
        }

        var last = first + maxRows - 1;
        _statements.Execute(
            "INSERT INTO metrics (run_key, key, step, timestamp, value, is_nan) " +
            "SELECT run_key, key, step, timestamp, value, is_nan FROM metrics_staging WHERE seq <= ?1 " +
            "ORDER BY run_key, key, step, timestamp, value, is_nan ON CONFLICT DO NOTHING",
            last);
        _statements.Execute("DELETE FROM metrics_staging WHERE seq <= ?1", last);
        StagedRows = Math.Max(0, StagedRows - raw.sqlite3_changes(connection.Handle));
    }

    public void Dispose()
    {
        foreach (var statement in _inserts.Values)
        {
            statement.Dispose();
        }

        _inserts.Clear();
        _statements.Dispose();
    }

    private void Write(bool latest, long runKey, IReadOnlyList<Metric> metrics)
    {
        var next = 0;
        foreach (var rows in ChunkSizes)
        {
            while (metrics.Count - next >= rows)
            {
                var statement = Insert(latest, rows);
                var parameter = 1;
                for (var i = 0; i < rows; i++, next++)
                {
                    var metric = metrics[next];
                    var isNan = double.IsNaN(metric.Value);
                    _statements.Check(raw.sqlite3_bind_int64(statement, parameter++, runKey));
                    _statements.Check(raw.sqlite3_bind_text(statement, parameter++, metric.Key));
                    _statements.Check(raw.sqlite3_bind_int64(statement, parameter++, metric.Step));
                    _statements.Check(raw.sqlite3_bind_int64(statement, parameter++, metric.Timestamp));
                    _statements.Check(raw.sqlite3_bind_double(statement, parameter++, isNan ? 0 : metric.Value));
                    _statements.Check(raw.sqlite3_bind_int(statement, parameter++, isNan ? 1 : 0));
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
            : "INSERT INTO metrics_staging (run_key, key, step, timestamp, value, is_nan) VALUES ");
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
