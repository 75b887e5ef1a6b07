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
/// </summary>
internal sealed class SqliteMetricWriter(SqliteConnection connection) : IDisposable
{
    private static readonly int[] ChunkSizes = [64, 16, 4, 1];

    private readonly Dictionary<(bool Latest, int Rows), sqlite3_stmt> _statements = [];

    /// <summary>Appends to the history; a value logged before (same key, step, timestamp, value) is kept once.</summary>
    public void InsertHistory(long runKey, IReadOnlyList<Metric> metrics) => Write(latest: false, runKey, metrics);

    /// <summary>Offers one candidate per key to latest_metrics, replacing only older values (<see cref="LatestMetricRule"/>).</summary>
    public void UpsertLatest(long runKey, IReadOnlyList<Metric> candidates) => Write(latest: true, runKey, candidates);

    public void Dispose()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _statements.Clear();
    }

    private void Write(bool latest, long runKey, IReadOnlyList<Metric> metrics)
    {
        var next = 0;
        foreach (var rows in ChunkSizes)
        {
            while (metrics.Count - next >= rows)
            {
                var statement = Statement(latest, rows);
                var parameter = 1;
                for (var i = 0; i < rows; i++, next++)
                {
                    var metric = metrics[next];
                    var isNan = double.IsNaN(metric.Value);
                    Check(raw.sqlite3_bind_int64(statement, parameter++, runKey));
                    Check(raw.sqlite3_bind_text(statement, parameter++, metric.Key));
                    Check(raw.sqlite3_bind_int64(statement, parameter++, metric.Step));
                    Check(raw.sqlite3_bind_int64(statement, parameter++, metric.Timestamp));
                    Check(raw.sqlite3_bind_double(statement, parameter++, isNan ? 0 : metric.Value));
                    Check(raw.sqlite3_bind_int(statement, parameter++, isNan ? 1 : 0));
                }

                var result = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (result != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(result, connection.Handle);
                }
            }
        }
    }

    private sqlite3_stmt Statement(bool latest, int rows)
    {
        if (_statements.TryGetValue((latest, rows), out var statement))
        {
            return statement;
        }

        var sql = new StringBuilder(latest
            ? "INSERT INTO latest_metrics AS l (run_key, key, step, timestamp, value, is_nan) VALUES "
            : "INSERT INTO metrics (run_key, key, step, timestamp, value, is_nan) VALUES ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)");
        }

        sql.Append(latest
            ? " ON CONFLICT (run_key, key) DO UPDATE SET step = excluded.step, timestamp = excluded.timestamp, " +
              $"value = excluded.value, is_nan = excluded.is_nan WHERE {LatestMetricRule.SqlCondition("excluded", "l")}"
            : " ON CONFLICT DO NOTHING");
        Check(raw.sqlite3_prepare_v2(connection.Handle, sql.ToString(), out statement));
        _statements.Add((latest, rows), statement);
        return statement;
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, connection.Handle);
        }
    }
}
