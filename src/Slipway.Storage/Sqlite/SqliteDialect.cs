using System.Text;
using Microsoft.Data.Sqlite;
using Slipway.Core.Tracking;
using Slipway.Storage.Sql;
using Slipway.Storage.Sql.Tracking;
using SQLitePCL;

namespace Slipway.Storage.Sqlite;

/// <summary>
/// SQLite's SQL differences. Key lists travel as one JSON text parameter read with <c>json_each</c>; metric
/// batches go through <see cref="SqliteMetricWriter"/> on the writer connection, whose statements this
/// dialect owns.
/// </summary>
internal sealed class SqliteDialect(SqliteConnection writer) : ISqlDialect, IDisposable
{
    private readonly SqliteConnection _writer = writer;
    private readonly SqliteMetricWriter _metrics = new(writer);

    public string Name => "sqlite";

    /// <summary>BEGIN IMMEDIATE, which starts every SQLite write transaction here, already serialises migrators.</summary>
    public string? MigrationLockStatement => null;

    /// <summary>GLOB is SQLite's case-sensitive match (its LIKE ignores ASCII case); see <see cref="LikePattern"/>.</summary>
    public string Like(string column, string parameter) => $"{column} GLOB {parameter}";

    /// <summary>Translates LIKE wildcards to GLOB ones and brackets GLOB's own special characters.</summary>
    public string LikePattern(string pattern)
    {
        var glob = new StringBuilder(pattern.Length + 8);
        foreach (var c in pattern)
        {
            glob.Append(c switch
            {
                '%' => "*",
                '_' => "?",
                '*' => "[*]",
                '?' => "[?]",
                '[' => "[[]",
                _ => c.ToString(),
            });
        }

        return glob.ToString();
    }

    public string ILike(string column, string parameter) => $"{column} LIKE {parameter}";

    /// <summary>The sorted history plus the values still in staging (see <see cref="SqliteMetricWriter"/>).</summary>
    // Values not yet moved out of staging may repeat rows of metrics; UNION folds them and, with an
    // ORDER BY on the primary key, lets SQLite merge the two sides instead of sorting the history.
    public string SelectMetricHistory(string condition) =>
        $"SELECT step, timestamp, value, is_nan FROM metrics WHERE {condition} " +
        $"UNION SELECT step, timestamp, value, is_nan FROM metrics_staging WHERE {condition}";

    /// <summary>The writer's metric statements, for the write queue to move staged history while it is idle.</summary>
    public SqliteMetricWriter Metrics => _metrics;

    // Through SQLite's C API: a 10,000-value history costs a few hundred microseconds there, against
    // several milliseconds of per-column ADO.NET overhead.
    public Task<List<Metric>> ReadMetricHistoryAsync(SqlSession session, long runKey, string metricKey, long limit, long offset, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = (SqliteConnection)session.Connection;
        var sql = $"{SelectMetricHistory("run_key = ?1 AND key = ?2")} {MetricHistoryRepository.HistoryOrder} LIMIT ?3 OFFSET ?4";
        var metrics = new List<Metric>((int)Math.Min(limit, 25_001));
        using var statement = Prepared(connection, sql);
        Check(connection, raw.sqlite3_bind_int64(statement, 1, runKey));
        Check(connection, raw.sqlite3_bind_text(statement, 2, metricKey));
        Check(connection, raw.sqlite3_bind_int64(statement, 3, limit));
        Check(connection, raw.sqlite3_bind_int64(statement, 4, offset));
        int result;
        while ((result = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
        {
            var isNan = raw.sqlite3_column_int(statement, 3) != 0;
            metrics.Add(new Metric(
                metricKey,
                isNan ? double.NaN : raw.sqlite3_column_double(statement, 2),
                raw.sqlite3_column_int64(statement, 1),
                raw.sqlite3_column_int64(statement, 0)));
        }

        if (result != raw.SQLITE_DONE)
        {
            Check(connection, result);
        }

        return Task.FromResult(metrics);
    }

    private static sqlite3_stmt Prepared(SqliteConnection connection, string sql)
    {
        Check(connection, raw.sqlite3_prepare_v2(connection.Handle, sql, out var statement));
        return statement;
    }

    private static void Check(SqliteConnection connection, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            SqliteException.ThrowExceptionForRC(result, connection.Handle);
        }
    }

    public string InKeyList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public object KeyListValue(IReadOnlyCollection<long> keys) => "[" + string.Join(',', keys) + "]";

    public Task InsertMetricHistoryAsync(SqlSession session, long runKey, IReadOnlyList<Metric> metrics, CancellationToken cancellationToken)
    {
        WriterOf(session).InsertHistory(runKey, metrics);
        return Task.CompletedTask;
    }

    public Task UpsertLatestMetricsAsync(SqlSession session, long runKey, IReadOnlyList<Metric> candidates, CancellationToken cancellationToken)
    {
        WriterOf(session).UpsertLatest(runKey, candidates);
        return Task.CompletedTask;
    }

    public void Dispose() => _metrics.Dispose();

    private SqliteMetricWriter WriterOf(SqlSession session) =>
        session.Connection == _writer
            ? _metrics
            : throw new InvalidOperationException("Metrics are written on the SQLite writer connection only.");
}
