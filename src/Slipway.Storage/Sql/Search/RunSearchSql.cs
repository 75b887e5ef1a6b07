using Slipway.Core.Search;
using Slipway.Core.Tracking;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Sql.Search;

/// <summary>
/// Compiles a run search into one query that selects a page of runs (their info columns only). Param and tag
/// filters are <c>run_key IN (SELECT ... WHERE key = @k AND value ...)</c> over the (key, value) indexes, so the
/// database can start from the runs a filter selects instead of scanning the experiment; metric filters are
/// probes of latest_metrics by its (run_key, key) primary key, which stays cheap to update on ingestion. Each
/// sort key is one LEFT JOIN on (run_key, key). The page's metrics, params and tags are loaded afterwards, for
/// those runs only.
/// </summary>
internal static class RunSearchSql
{
    public static SqlQuery Build(ISqlDialect dialect, string workspaceId, IReadOnlyList<long> experimentIds, RunQuery search)
    {
        var query = new SqlQuery();
        var joins = new List<string>();
        var order = new List<string>();
        var metricJoins = new Dictionary<string, string>(StringComparer.Ordinal);
        var numberFiltered = search.Filter.Comparisons
            .Where(c => c.Entity == SearchEntity.Metric && ExcludesNaNAndMissing(c))
            .Select(c => c.Key)
            .ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < search.OrderBy.Count; i++)
        {
            AddOrdering(query, search.OrderBy[i], $"o{i}", joins, order, metricJoins, numberFiltered);
        }

        order.Add("r.start_time DESC");
        order.Add("r.run_id ASC");

        var where = new List<string>
        {
            $"r.experiment_id IN (SELECT experiment_id FROM experiments WHERE workspace_id = {query.Bind(workspaceId)} AND experiment_id IN {query.BindList(experimentIds.Cast<object>())})",
        };
        if (search.ViewType != ViewType.All)
        {
            where.Add($"r.lifecycle_stage = {query.Bind(search.ViewType == ViewType.ActiveOnly ? "active" : "deleted")}");
        }

        foreach (var comparison in search.Filter.Comparisons)
        {
            where.Add(comparison.Entity == SearchEntity.Metric
                && !SearchPredicates.IsNullCheck(comparison)
                && metricJoins.TryGetValue(comparison.Key, out var alias)
                    ? $"{alias}.run_key IS NOT NULL AND {MetricValue(query, alias, comparison)}"
                    : Predicate(query, dialect, comparison));
        }

        query.Append($"SELECT {RunRepository.Columns} FROM runs r");
        foreach (var join in joins)
        {
            query.Append(" ").Append(join);
        }

        query.Append(" WHERE ").Append(string.Join(" AND ", where));
        query.Append(" ORDER BY ").Append(string.Join(", ", order));
        return query;
    }

    private static string Predicate(SqlQuery query, ISqlDialect dialect, FilterComparison comparison)
    {
        switch (comparison.Entity)
        {
            case SearchEntity.Metric:
                return KeyedExists(query, "latest_metrics", comparison, c => MetricValue(query, "x", c));
            case SearchEntity.Param:
                return KeyedIn(query, "params", comparison, c => SearchPredicates.Text(query, dialect, "x.value", c));
            case SearchEntity.Tag:
                return KeyedIn(query, "run_tags", comparison, c => SearchPredicates.Text(query, dialect, "x.value", c));
            case SearchEntity.Dataset:
                return DatasetPredicate(query, dialect, comparison);
            default:
                return AttributePredicate(query, dialect, comparison);
        }
    }

    /// <summary>Whether a metric comparison only matches runs that have the metric with a number (not NaN) value.</summary>
    private static bool ExcludesNaNAndMissing(FilterComparison comparison) =>
        !SearchPredicates.IsNullCheck(comparison) && comparison.Operator != ComparisonOperator.NotEqual;

    /// <summary>A latest-metric value comparison: NaN matches nothing but "!=".</summary>
    private static string MetricValue(SqlQuery query, string alias, FilterComparison comparison) =>
        comparison.Operator == ComparisonOperator.NotEqual
            ? $"({alias}.is_nan = 1 OR {SearchPredicates.Number(query, alias + ".value", comparison)})"
            : $"{alias}.is_nan = 0 AND {SearchPredicates.Number(query, alias + ".value", comparison)}";

    /// <summary>"The run has a row with this key in <paramref name="table"/> whose value matches"; IS NULL means no such row.</summary>
    private static string KeyedExists(SqlQuery query, string table, FilterComparison comparison, Func<FilterComparison, string> valuePredicate)
    {
        var probe = $"SELECT 1 FROM {table} x WHERE x.run_key = r.run_key AND x.key = {query.Bind(comparison.Key)}";
        return SearchPredicates.KeyedExists(probe, comparison, valuePredicate);
    }

    /// <summary>As <see cref="KeyedExists"/>, written as a set the database may compute first from the (key, value) index.</summary>
    private static string KeyedIn(SqlQuery query, string table, FilterComparison comparison, Func<FilterComparison, string> valuePredicate)
    {
        if (SearchPredicates.IsNullCheck(comparison))
        {
            return KeyedExists(query, table, comparison, valuePredicate);
        }

        return $"r.run_key IN (SELECT x.run_key FROM {table} x WHERE x.key = {query.Bind(comparison.Key)} AND {valuePredicate(comparison)})";
    }

    private static string DatasetPredicate(SqlQuery query, ISqlDialect dialect, FilterComparison comparison)
    {
        var probe = comparison.Key switch
        {
            "name" or "digest" =>
                $"SELECT 1 FROM run_inputs i JOIN datasets d ON d.dataset_id = i.dataset_id WHERE i.run_key = r.run_key AND {SearchPredicates.Text(query, dialect, "d." + comparison.Key, comparison)}",
            "context" =>
                $"SELECT 1 FROM run_input_tags t WHERE t.run_key = r.run_key AND t.key = {query.Bind(DatasetInput.ContextTag)} AND {SearchPredicates.Text(query, dialect, "t.value", comparison)}",
            _ => throw SearchPredicates.UnknownKey("dataset", comparison.Key),
        };
        return $"EXISTS ({probe})";
    }

    private static string AttributePredicate(SqlQuery query, ISqlDialect dialect, FilterComparison comparison)
    {
        var (column, numeric) = Attribute(comparison.Key);
        if (SearchPredicates.IsNullCheck(comparison))
        {
            return $"{column} IS {(comparison.Operator == ComparisonOperator.IsNull ? string.Empty : "NOT ")}NULL";
        }

        return numeric
            ? SearchPredicates.Number(query, column, comparison)
            : SearchPredicates.Text(query, dialect, column, comparison);
    }

    /// <summary>
    /// Adds a sort key. A metric's join is remembered in <paramref name="metricJoins"/>, so that a filter on the
    /// same metric tests the joined row instead of probing latest_metrics a second time. When such a filter
    /// already keeps only numbers (<paramref name="numberFiltered"/>), the sort is on the value alone, which the
    /// (key, value) index of latest_metrics yields in order: the database reads the best runs first and stops
    /// at the page's end instead of sorting every match.
    /// </summary>
    private static void AddOrdering(
        SqlQuery query,
        OrderByClause clause,
        string alias,
        List<string> joins,
        List<string> order,
        Dictionary<string, string> metricJoins,
        HashSet<string> numberFiltered)
    {
        var direction = clause.Ascending ? "ASC" : "DESC";
        switch (clause.Entity)
        {
            case SearchEntity.Metric:
                joins.Add($"LEFT JOIN latest_metrics {alias} ON {alias}.run_key = r.run_key AND {alias}.key = {query.Bind(clause.Key)}");
                var firstJoin = metricJoins.TryAdd(clause.Key, alias);
                if (!(firstJoin && numberFiltered.Contains(clause.Key)))
                {
                    // Numbers first, then NaN, then runs without the metric, whatever the direction.
                    order.Add($"CASE WHEN {alias}.run_key IS NULL THEN 2 WHEN {alias}.is_nan = 1 THEN 1 ELSE 0 END");
                }

                order.Add($"{alias}.value {direction}");
                break;
            case SearchEntity.Param or SearchEntity.Tag:
                var table = clause.Entity == SearchEntity.Param ? "params" : "run_tags";
                joins.Add($"LEFT JOIN {table} {alias} ON {alias}.run_key = r.run_key AND {alias}.key = {query.Bind(clause.Key)}");
                order.Add($"CASE WHEN {alias}.value IS NULL THEN 1 ELSE 0 END");
                order.Add($"{alias}.value {direction}");
                break;
            case SearchEntity.Attribute:
                var (column, _) = Attribute(clause.Key);
                if (column == "r.end_time")
                {
                    order.Add($"CASE WHEN {column} IS NULL THEN 1 ELSE 0 END");
                }

                order.Add($"{column} {direction}");
                break;
            default:
                throw SearchPredicates.UnknownKey("order_by", clause.Key);
        }
    }

    private static (string Column, bool Numeric) Attribute(string key) => key switch
    {
        "run_id" => ("r.run_id", false),
        "run_name" => ("r.name", false),
        "status" => ("r.status", false),
        "user_id" => ("r.user_id", false),
        "artifact_uri" => ("r.artifact_uri", false),
        "lifecycle_stage" => ("r.lifecycle_stage", false),
        "start_time" => ("r.start_time", true),
        "end_time" => ("r.end_time", true),
        _ => throw SearchPredicates.UnknownKey("attribute", key),
    };
}
