using Slipway.Core.Search;
using Slipway.Storage.Sql.Registry;

namespace Slipway.Storage.Sql.Search;

/// <summary>Compiles a model version search; the page's tags and aliases are loaded afterwards.</summary>
internal static class ModelVersionSearchSql
{
    public static SqlQuery Build(ISqlDialect dialect, string workspaceId, RegistryQuery search)
    {
        var query = new SqlQuery();
        var where = new List<string> { $"m.workspace_id = {query.Bind(workspaceId)}" };
        foreach (var comparison in search.Filter.Comparisons)
        {
            where.Add(Predicate(query, dialect, comparison));
        }

        var order = new List<string>();
        foreach (var clause in search.OrderBy)
        {
            order.Add($"{OrderColumn(clause)} {(clause.Ascending ? "ASC" : "DESC")}");
        }

        if (search.OrderBy.Count == 0)
        {
            order.Add("m.name ASC");
        }

        order.Add("v.version DESC");
        order.Add("m.name ASC");

        query.AppendWhereOrderBy($"SELECT {ModelVersionRepository.Columns} FROM model_versions v JOIN registered_models m ON m.model_key = v.model_key", where, order);
        return query;
    }

    private static string Predicate(SqlQuery query, ISqlDialect dialect, FilterComparison comparison)
    {
        if (comparison.Entity == SearchEntity.Tag)
        {
            var probe = $"SELECT 1 FROM model_version_tags t WHERE t.model_key = v.model_key AND t.version = v.version AND t.key = {query.Bind(comparison.Key)}";
            return SearchPredicates.KeyedExists(probe, comparison, c => SearchPredicates.Text(query, dialect, "t.value", c));
        }

        if (comparison.Entity != SearchEntity.Attribute)
        {
            throw SearchPredicates.UnknownKey("model version", comparison.Key);
        }

        return comparison.Key switch
        {
            "name" => SearchPredicates.Text(query, dialect, "m.name", comparison),
            "version_number" => SearchPredicates.Integer(query, "v.version", comparison),
            "run_id" => SearchPredicates.Text(query, dialect, "v.run_id", comparison),
            "source" => SearchPredicates.Text(query, dialect, "v.source", comparison),
            "current_stage" => SearchPredicates.Text(query, dialect, "v.current_stage", comparison),
            _ => throw SearchPredicates.UnknownKey("model version", comparison.Key),
        };
    }

    private static string OrderColumn(OrderByClause clause) => clause.Entity == SearchEntity.Attribute
        ? clause.Key switch
        {
            "name" => "m.name",
            "version_number" => "v.version",
            "creation_timestamp" or "creation_time" or "timestamp" => "v.creation_time",
            "last_updated_timestamp" or "last_updated_time" => "v.last_updated_time",
            _ => throw SearchPredicates.UnknownKey("order_by", clause.Key),
        }
        : throw SearchPredicates.UnknownKey("order_by", clause.Key);
}
