using System.Buffers;
using System.Text;
using System.Text.Json;
using Slipway.Core.Tracking;
using Slipway.Storage.Sql;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Sqlite;

/// <summary>
/// SQLite's SQL differences. Row sets (key lists, metric batches) travel as one JSON text parameter read with
/// <c>json_each</c>, so a 1000-metric batch is one statement with two parameters.
/// </summary>
internal sealed class SqliteDialect : ISqlDialect
{
    public static SqliteDialect Instance { get; } = new();

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

    public string InKeyList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public object KeyListValue(IReadOnlyCollection<long> keys) => "[" + string.Join(',', keys) + "]";

    public async Task InsertMetricHistoryAsync(SqlSession session, long runKey, IReadOnlyList<Metric> metrics, CancellationToken cancellationToken)
    {
        await using var command = session.Command(
            """
            INSERT INTO metrics (run_key, key, step, timestamp, value, is_nan)
            SELECT @run, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4
            FROM json_each(@rows) j WHERE 1
            ON CONFLICT DO NOTHING
            """,
            ("@run", runKey),
            ("@rows", ToJsonRows(metrics)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task UpsertLatestMetricsAsync(SqlSession session, long runKey, IReadOnlyList<Metric> candidates, CancellationToken cancellationToken)
    {
        await using var command = session.Command(
            $"""
            INSERT INTO latest_metrics AS l (run_key, key, step, timestamp, value, is_nan)
            SELECT @run, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4
            FROM json_each(@rows) j WHERE 1
            ON CONFLICT (run_key, key) DO UPDATE SET
                step = excluded.step, timestamp = excluded.timestamp, value = excluded.value, is_nan = excluded.is_nan
            WHERE {LatestMetricRule.SqlCondition("excluded", "l")}
            """,
            ("@run", runKey),
            ("@rows", ToJsonRows(candidates)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// <c>[[key, step, timestamp, value, is_nan], ...]</c>. NaN becomes 0 with is_nan 1 (SQLite would store NULL);
    /// infinities are written as <c>±9e999</c>, which SQLite reads back as ±Inf.
    /// </summary>
    private static string ToJsonRows(IReadOnlyList<Metric> metrics)
    {
        var buffer = new ArrayBufferWriter<byte>(metrics.Count * 48);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var metric in metrics)
            {
                json.WriteStartArray();
                json.WriteStringValue(metric.Key);
                json.WriteNumberValue(metric.Step);
                json.WriteNumberValue(metric.Timestamp);
                if (double.IsNaN(metric.Value))
                {
                    json.WriteNumberValue(0);
                    json.WriteNumberValue(1);
                }
                else
                {
                    if (double.IsInfinity(metric.Value))
                    {
                        json.WriteRawValue(metric.Value > 0 ? "9e999" : "-9e999", skipInputValidation: true);
                    }
                    else
                    {
                        json.WriteNumberValue(metric.Value);
                    }

                    json.WriteNumberValue(0);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
