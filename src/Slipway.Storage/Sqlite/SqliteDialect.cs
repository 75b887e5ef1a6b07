using System.Text;
using Microsoft.Data.Sqlite;
using Slipway.Core.Data;
using Slipway.Core.Tracking;
using Slipway.Storage.Sql;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Sqlite;

/// <summary>
/// SQLite's SQL differences. Key lists travel as one JSON text parameter read with <c>json_each</c>; metric
/// chunks and latest values go through <see cref="SqliteMetricWriter"/> on the writer connection, whose
/// statements this dialect owns.
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

    public string InKeyList(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public object KeyListValue(IReadOnlyCollection<long> keys) => "[" + string.Join(',', keys) + "]";

    public Task InsertMetricChunksAsync(SqlSession session, long runKey, IReadOnlyList<MetricChunk> chunks, CancellationToken cancellationToken)
    {
        WriterOf(session).InsertChunks(runKey, chunks);
        return Task.CompletedTask;
    }

    public Task UpsertLatestMetricsAsync(SqlSession session, long runKey, IReadOnlyList<Metric> candidates, CancellationToken cancellationToken)
    {
        WriterOf(session).UpsertLatest(runKey, candidates);
        return Task.CompletedTask;
    }

    /// <summary>One cached statement run per file: on SQLite's single writer connection a prepared insert is cheap.</summary>
    public async Task InsertManifestAsync(SqlSession session, long datasetKey, long version, IReadOnlyList<ManifestEntry> files, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            await session.ExecuteAsync(
                "INSERT INTO data_files (dataset_key, version, path, size, content_hash, media_type) VALUES (@key, @version, @path, @size, @hash, @type)",
                cancellationToken,
                ("@key", datasetKey),
                ("@version", version),
                ("@path", file.Path),
                ("@size", file.Size),
                ("@hash", file.Hash.Hex),
                ("@type", file.MediaType));
        }
    }

    public void Dispose() => _metrics.Dispose();

    private SqliteMetricWriter WriterOf(SqlSession session) =>
        session.Connection == _writer
            ? _metrics
            : throw new InvalidOperationException("Metrics are written on the SQLite writer connection only.");
}
