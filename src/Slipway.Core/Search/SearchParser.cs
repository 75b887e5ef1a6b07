namespace Slipway.Core.Search;

/// <summary>
/// Entry points that turn MLflow search strings into the search AST. Each target has its own keys (see
/// <see cref="FilterComparison"/> and <see cref="OrderByClause"/>); every error is a
/// <see cref="Errors.SlipwayException"/> with INVALID_PARAMETER_VALUE whose message names the offending token and
/// its zero-based position in the input.
/// </summary>
public static class SearchParser
{
    /// <summary>Parses a search-runs filter; null or blank means <see cref="SearchFilter.Empty"/>.</summary>
    public static SearchFilter ParseRunFilter(string? filter) => FilterParser.Parse(SearchGrammar.Runs, filter);

    /// <summary>Parses a search-experiments filter (attributes name, creation_time, last_update_time; tags).</summary>
    public static SearchFilter ParseExperimentFilter(string? filter) => FilterParser.Parse(SearchGrammar.Experiments, filter);

    /// <summary>Parses a search-registered-models filter (attribute name; tags).</summary>
    public static SearchFilter ParseRegisteredModelFilter(string? filter) =>
        FilterParser.Parse(SearchGrammar.RegisteredModels, filter);

    /// <summary>Parses a search-model-versions filter (name, version_number, run_id, source, current_stage; tags).</summary>
    public static SearchFilter ParseModelVersionFilter(string? filter) => FilterParser.Parse(SearchGrammar.ModelVersions, filter);

    /// <summary>Parses search-runs order_by clauses (metrics, params, tags and run attributes); null means none.</summary>
    public static IReadOnlyList<OrderByClause> ParseRunOrderBy(IReadOnlyList<string>? orderBy) =>
        OrderByParser.Parse(SearchGrammar.Runs, orderBy);

    /// <summary>Parses search-experiments order_by clauses (name, experiment_id, creation_time, last_update_time).</summary>
    public static IReadOnlyList<OrderByClause> ParseExperimentOrderBy(IReadOnlyList<string>? orderBy) =>
        OrderByParser.Parse(SearchGrammar.Experiments, orderBy);

    /// <summary>Parses registered-model order_by clauses (name, creation_timestamp alias timestamp, last_updated_timestamp).</summary>
    public static IReadOnlyList<OrderByClause> ParseRegisteredModelOrderBy(IReadOnlyList<string>? orderBy) =>
        OrderByParser.Parse(SearchGrammar.RegisteredModels, orderBy);

    /// <summary>Parses model-version order_by clauses (name, version_number, creation_timestamp, last_updated_timestamp).</summary>
    public static IReadOnlyList<OrderByClause> ParseModelVersionOrderBy(IReadOnlyList<string>? orderBy) =>
        OrderByParser.Parse(SearchGrammar.ModelVersions, orderBy);
}
