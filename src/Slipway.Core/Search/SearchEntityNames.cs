namespace Slipway.Core.Search;

/// <summary>The entity prefixes MLflow accepts before the dot of a key, with their aliases, and how messages name them.</summary>
internal static class SearchEntityNames
{
    private static readonly Dictionary<string, SearchEntity> Prefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["metric"] = SearchEntity.Metric,
        ["metrics"] = SearchEntity.Metric,
        ["param"] = SearchEntity.Param,
        ["params"] = SearchEntity.Param,
        ["parameter"] = SearchEntity.Param,
        ["parameters"] = SearchEntity.Param,
        ["tag"] = SearchEntity.Tag,
        ["tags"] = SearchEntity.Tag,
        ["attribute"] = SearchEntity.Attribute,
        ["attributes"] = SearchEntity.Attribute,
        ["attr"] = SearchEntity.Attribute,
        ["run"] = SearchEntity.Attribute,
        ["dataset"] = SearchEntity.Dataset,
        ["datasets"] = SearchEntity.Dataset,
    };

    public static bool TryParsePrefix(string prefix, out SearchEntity entity) => Prefixes.TryGetValue(prefix, out entity);

    /// <summary>The plural used in messages ("Invalid comparator 'LIKE' for metrics").</summary>
    public static string Plural(SearchEntity entity) => entity switch
    {
        SearchEntity.Metric => "metrics",
        SearchEntity.Param => "params",
        SearchEntity.Tag => "tags",
        SearchEntity.Attribute => "attributes",
        _ => "datasets",
    };

    public static string List(IEnumerable<SearchEntity> entities) => string.Join(", ", entities.Select(Plural));
}
