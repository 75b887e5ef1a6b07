using Slipway.Core.Search;
using Slipway.Storage.Sql.Registry;

namespace Slipway.Storage.Sql.Search;

/// <summary>Compiles a registered model search; the page's versions, tags and aliases are loaded afterwards.</summary>
internal static class RegisteredModelSearchSql
{
    public static SqlQuery Build(ISqlDialect dialect, string workspaceId, RegistryQuery search)
    {
        var query = new SqlQuery();
        var where = new List<string> { $"m.workspace_id = {query.Bind(workspaceId)}" };
        foreach (var comparison in search.Filter.Comparisons)
        {
            where.Add(comparison.Entity switch
            {
                SearchEntity.Tag => TagPredicate(query, dialect, comparison),
                SearchEntity.Attribute when comparison.Key == "name" => SearchPredicates.Text(query, dialect, "m.name", comparison),
                _ => throw SearchPredicates.UnknownKey("registered model", comparison.Key),
            });
        }

        var order = new List<string>();
        foreach (var clause in search.OrderBy)
        {
            order.Add($"{OrderColumn(clause)} {(clause.Ascending ? "ASC" : "DESC")}");
        }

        order.Add("m.name ASC");

        query.AppendWhereOrderBy($"SELECT {RegisteredModelRepository.Columns} FROM registered_models m", where, order);
        return query;
    }

    private static string TagPredicate(SqlQuery query, ISqlDialect dialect, FilterComparison comparison)
    {
        var probe = $"SELECT 1 FROM registered_model_tags t WHERE t.model_key = m.model_key AND t.key = {query.Bind(comparison.Key)}";
        return SearchPredicates.KeyedExists(probe, comparison, c => SearchPredicates.Text(query, dialect, "t.value", c));
    }

    private static string OrderColumn(OrderByClause clause) => clause.Entity == SearchEntity.Attribute
        ? clause.Key switch
        {
            "name" => "m.name",
            "creation_timestamp" or "creation_time" or "timestamp" => "m.creation_time",
            "last_updated_timestamp" or "last_updated_time" => "m.last_updated_time",
            _ => throw SearchPredicates.UnknownKey("order_by", clause.Key),
        }
        : throw SearchPredicates.UnknownKey("order_by", clause.Key);
}
