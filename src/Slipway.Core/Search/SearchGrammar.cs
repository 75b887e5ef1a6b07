namespace Slipway.Core.Search;

/// <summary>
/// What one search target (runs, experiments, registered models, model versions) lets a filter or order-by name:
/// its entity prefixes and its attributes with their aliases. The sets follow MLflow's <c>search_utils.py</c>
/// (<c>SearchUtils</c>, <c>SearchExperimentsUtils</c>, <c>SearchModelUtils</c>, <c>SearchModelVersionUtils</c>),
/// plus the Slipway additions documented on <see cref="FilterComparison"/>.
/// </summary>
internal sealed class SearchGrammar
{
    private static readonly string[] DatasetKeys = ["name", "digest", "context"];

    private readonly Dictionary<string, SearchAttribute> _filterAttributes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _orderByAttributes = new(StringComparer.Ordinal);

    private SearchGrammar(string targetName, SearchEntity[] filterEntities, SearchEntity[] orderByEntities)
    {
        TargetName = targetName;
        FilterEntities = filterEntities;
        OrderByEntities = orderByEntities;
    }

    public static SearchGrammar Runs { get; } = CreateRuns();

    public static SearchGrammar Experiments { get; } = new SearchGrammar(
            "experiments", [SearchEntity.Attribute, SearchEntity.Tag], [SearchEntity.Attribute])
        .Filter(new SearchAttribute("name", IsNumeric: false))
        .Filter(new SearchAttribute("creation_time", IsNumeric: true))
        .Filter(new SearchAttribute("last_update_time", IsNumeric: true))
        .OrderBy("name")
        .OrderBy("experiment_id")
        .OrderBy("creation_time")
        .OrderBy("last_update_time");

    public static SearchGrammar RegisteredModels { get; } = new SearchGrammar(
            "registered models", [SearchEntity.Attribute, SearchEntity.Tag], [SearchEntity.Attribute])
        .Filter(new SearchAttribute("name", IsNumeric: false))
        .OrderBy("name")
        .OrderBy("creation_timestamp", "timestamp")
        .OrderBy("last_updated_timestamp");

    public static SearchGrammar ModelVersions { get; } = new SearchGrammar(
            "model versions", [SearchEntity.Attribute, SearchEntity.Tag], [SearchEntity.Attribute])
        .Filter(new SearchAttribute("name", IsNumeric: false))
        .Filter(new SearchAttribute("version_number", IsNumeric: true, AllowsQuotedNumber: true), "version")
        .Filter(new SearchAttribute("run_id", IsNumeric: false, AllowsList: true))
        .Filter(new SearchAttribute("source", IsNumeric: false), "source_path")
        .Filter(new SearchAttribute("current_stage", IsNumeric: false, AllowsList: true, IsStage: true))
        .OrderBy("name")
        .OrderBy("version_number", "version")
        .OrderBy("creation_timestamp", "timestamp")
        .OrderBy("last_updated_timestamp");

    /// <summary>How messages name the target ("runs", "model versions").</summary>
    public string TargetName { get; }

    public IReadOnlyList<SearchEntity> FilterEntities { get; }

    public IReadOnlyList<SearchEntity> OrderByEntities { get; }

    /// <summary>Resolves the key of a filter comparison; <c>Attribute</c> is set for attribute keys.</summary>
    public (SearchEntity Entity, string Key, SearchAttribute? Attribute) ResolveFilterKey(SearchToken token, string input)
    {
        var entity = ResolveEntity(token, FilterEntities, SearchSyntaxError.Filter, input, "filtering");
        var key = token.Value;
        switch (entity)
        {
            case SearchEntity.Attribute:
                if (!_filterAttributes.TryGetValue(key, out var attribute))
                {
                    throw InvalidAttributeKey(token, SearchSyntaxError.Filter, input, _filterAttributes.Values.Select(a => a.Key));
                }

                return (entity, attribute.Key, attribute);
            case SearchEntity.Dataset when !DatasetKeys.Contains(key, StringComparer.Ordinal):
                throw SearchSyntaxError.Semantic(
                    SearchSyntaxError.Filter,
                    input,
                    $"Invalid dataset key '{key}'",
                    token.Position,
                    $"Valid keys are {string.Join(", ", DatasetKeys)}.");
            default:
                return (entity, key, null);
        }
    }

    /// <summary>Resolves the key of an order-by clause to its entity and canonical key.</summary>
    public (SearchEntity Entity, string Key) ResolveOrderByKey(SearchToken token, string input)
    {
        var entity = ResolveEntity(token, OrderByEntities, SearchSyntaxError.OrderBy, input, "ordering");
        if (entity != SearchEntity.Attribute)
        {
            return (entity, token.Value);
        }

        if (!_orderByAttributes.TryGetValue(token.Value, out var canonical))
        {
            throw InvalidAttributeKey(token, SearchSyntaxError.OrderBy, input, _orderByAttributes.Values);
        }

        return (entity, canonical);
    }

    private static SearchGrammar CreateRuns()
    {
        SearchEntity[] all = [SearchEntity.Metric, SearchEntity.Param, SearchEntity.Tag, SearchEntity.Attribute, SearchEntity.Dataset];
        string[] runNameAliases = ["run name", "Run name", "Run Name"];
        string[] startTimeAliases = ["created", "Created"];
        var grammar = new SearchGrammar("runs", all, [SearchEntity.Metric, SearchEntity.Param, SearchEntity.Tag, SearchEntity.Attribute])
            .Filter(new SearchAttribute("run_id", IsNumeric: false, AllowsList: true))
            .Filter(new SearchAttribute("run_name", IsNumeric: false), runNameAliases)
            .Filter(new SearchAttribute("status", IsNumeric: false))
            .Filter(new SearchAttribute("user_id", IsNumeric: false))
            .Filter(new SearchAttribute("artifact_uri", IsNumeric: false))
            .Filter(new SearchAttribute("lifecycle_stage", IsNumeric: false))
            .Filter(new SearchAttribute("start_time", IsNumeric: true), startTimeAliases)
            .Filter(new SearchAttribute("end_time", IsNumeric: true));

        // Every filterable run attribute is also orderable, as in MLflow's RunInfo.get_orderable_attributes.
        grammar.OrderBy("run_id").OrderBy("run_name", runNameAliases).OrderBy("status").OrderBy("user_id")
            .OrderBy("artifact_uri").OrderBy("lifecycle_stage").OrderBy("start_time", startTimeAliases).OrderBy("end_time");
        return grammar;
    }

    private static SearchEntity ResolveEntity(
        SearchToken token, IReadOnlyList<SearchEntity> allowed, string clauseKind, string input, string purpose)
    {
        if (token.Prefix is null)
        {
            // An unprefixed key ("name", "`Run name`") is an attribute, as in MLflow.
            return SearchEntity.Attribute;
        }

        if (!SearchEntityNames.TryParsePrefix(token.Prefix, out var entity) || !allowed.Contains(entity))
        {
            throw SearchSyntaxError.Semantic(
                clauseKind,
                input,
                $"Invalid entity type '{token.Prefix}'",
                token.Position,
                $"Valid entity types for {purpose} are {SearchEntityNames.List(allowed)}.");
        }

        if (token.Value.Length == 0)
        {
            throw SearchSyntaxError.At(clauseKind, input, $"expected a non-empty key in {token.Describe()}", token.Position);
        }

        return entity;
    }

    private static Errors.SlipwayException InvalidAttributeKey(
        SearchToken token, string clauseKind, string input, IEnumerable<string> validKeys) =>
        SearchSyntaxError.Semantic(
            clauseKind,
            input,
            $"Invalid attribute key '{token.Value}'",
            token.Position,
            $"Valid keys are {string.Join(", ", validKeys.Distinct(StringComparer.Ordinal))}.");

    private SearchGrammar Filter(SearchAttribute attribute, params string[] aliases)
    {
        _filterAttributes.Add(attribute.Key, attribute);
        foreach (var alias in aliases)
        {
            _filterAttributes.Add(alias, attribute);
        }

        return this;
    }

    private SearchGrammar OrderBy(string key, params string[] aliases)
    {
        _orderByAttributes.Add(key, key);
        foreach (var alias in aliases)
        {
            _orderByAttributes.Add(alias, key);
        }

        return this;
    }
}
