using Slipway.Core.Search;
using Slipway.Core.Tracking;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Sql.Search;

/// <summary>Compiles an experiment search; the page's tags are loaded afterwards.</summary>
internal static class ExperimentSearchSql
{
    public static SqlQuery Build(ISqlDialect dialect, string workspaceId, ExperimentQuery search)
    {
        var query = new SqlQuery();
        var where = new List<string> { $"e.workspace_id = {query.Bind(workspaceId)}" };
        if (search.ViewType != ViewType.All)
        {
            where.Add($"e.lifecycle_stage = {query.Bind(search.ViewType == ViewType.ActiveOnly ? "active" : "deleted")}");
        }

        foreach (var comparison in search.Filter.Comparisons)
        {
            where.Add(Predicate(query, dialect, comparison));
        }

        var order = new List<string>();
        foreach (var clause in search.OrderBy)
        {
            if (clause.Entity != SearchEntity.Attribute)
            {
                throw SearchPredicates.UnknownKey("order_by", clause.Key);
            }

            order.Add($"{Attribute(clause.Key).Column} {(clause.Ascending ? "ASC" : "DESC")}");
        }

        if (search.OrderBy.Count == 0)
        {
            order.Add("e.creation_time DESC");
        }

        order.Add("e.experiment_id ASC");

        query.AppendWhereOrderBy($"SELECT {ExperimentRepository.Columns} FROM experiments e", where, order);
        return query;
    }

    private static string Predicate(SqlQuery query, ISqlDialect dialect, FilterComparison comparison)
    {
        if (comparison.Entity == SearchEntity.Tag)
        {
            var probe = $"SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND t.key = {query.Bind(comparison.Key)}";
            return SearchPredicates.KeyedExists(probe, comparison, c => SearchPredicates.Text(query, dialect, "t.value", c));
        }

        if (comparison.Entity != SearchEntity.Attribute)
        {
            throw SearchPredicates.UnknownKey(comparison.Entity.ToString().ToLowerInvariant(), comparison.Key);
        }

        var (column, numeric) = Attribute(comparison.Key);
        return numeric
            ? SearchPredicates.Number(query, column, comparison)
            : SearchPredicates.Text(query, dialect, column, comparison);
    }

    private static (string Column, bool Numeric) Attribute(string key) => key switch
    {
        "name" => ("e.name", false),
        "experiment_id" => ("e.experiment_id", true),
        "creation_time" => ("e.creation_time", true),
        "last_update_time" => ("e.last_update_time", true),
        _ => throw SearchPredicates.UnknownKey("attribute", key),
    };
}
