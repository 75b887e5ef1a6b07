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

    /// <summary>
    /// A SELECT of the distinct metric history rows (step, timestamp, value, is_nan) that satisfy
    /// <paramref name="condition"/> (over run_key, key and step), written so that an appended
    /// <c>ORDER BY step, timestamp, value, is_nan</c> follows the primary key instead of sorting.
    /// </summary>
    string SelectMetricHistory(string condition);

    /// <summary>
    /// One page of a metric's history in <c>step, timestamp, value, is_nan</c> order: the hottest read of the
    /// tracking API, so a dialect may read it below ADO.NET.
    /// </summary>
    Task<List<Metric>> ReadMetricHistoryAsync(SqlSession session, long runKey, string metricKey, long limit, long offset, CancellationToken cancellationToken);

    /// <summary>Appends metric values to a run's history; a value already logged (same key, step, timestamp and value) is kept once.</summary>
    Task InsertMetricHistoryAsync(SqlSession session, long runKey, IReadOnlyList<Metric> metrics, CancellationToken cancellationToken);

    /// <summary>
    /// Offers one candidate per key to the run's latest metrics: each replaces the stored value only when it
    /// is newer by <see cref="Tracking.LatestMetricRule"/>.
    /// </summary>
    Task UpsertLatestMetricsAsync(SqlSession session, long runKey, IReadOnlyList<Metric> candidates, CancellationToken cancellationToken);
}
