using Slipway.Core.Tracking;

namespace Slipway.Storage.Sql;

/// <summary>
/// What differs between the SQL databases behind <see cref="SqlMetadataStore"/>. Everything else (the
/// queries of every store method) is shared SQL that both SQLite and PostgreSQL accept; table definitions
/// live in each dialect's migration files.
/// </summary>
internal interface ISqlDialect
{
    /// <summary>The dialect's name, also the folder of its migration scripts.</summary>
    string Name { get; }

    /// <summary>A statement that serialises concurrent migrators inside a transaction, or null when the transaction alone does.</summary>
    string? MigrationLockStatement { get; }

    /// <summary>A case-sensitive SQL LIKE of <paramref name="column"/> against the bound pattern parameter.</summary>
    string Like(string column, string parameter);

    /// <summary>Converts an SQL LIKE pattern (<c>%</c>, <c>_</c>) to the value bound for <see cref="Like"/>.</summary>
    string LikePattern(string pattern);

    /// <summary>A case-insensitive SQL LIKE of <paramref name="column"/> against the bound pattern parameter.</summary>
    string ILike(string column, string parameter);

    /// <summary>A predicate "<paramref name="column"/> is one of the keys bound as one list parameter".</summary>
    string InKeyList(string column, string parameter);

    /// <summary>The value to bind for <see cref="InKeyList"/>.</summary>
    object KeyListValue(IReadOnlyCollection<long> keys);

    /// <summary>Appends chunks of metric history (<see cref="Tracking.MetricChunk"/>) to a run.</summary>
    Task InsertMetricChunksAsync(SqlSession session, long runKey, IReadOnlyList<Tracking.MetricChunk> chunks, CancellationToken cancellationToken);

    /// <summary>
    /// Offers one candidate per key to the run's latest metrics: each replaces the stored value only when it
    /// is newer by <see cref="Tracking.LatestMetricRule"/>.
    /// </summary>
    Task UpsertLatestMetricsAsync(SqlSession session, long runKey, IReadOnlyList<Metric> candidates, CancellationToken cancellationToken);

    /// <summary>Inserts a dataset version's manifest (up to a million rows) in as few round trips as the database allows.</summary>
    Task InsertManifestAsync(SqlSession session, long datasetKey, long version, IReadOnlyList<Core.Data.ManifestEntry> files, CancellationToken cancellationToken);
}
