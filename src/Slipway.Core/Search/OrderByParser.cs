namespace Slipway.Core.Search;

/// <summary>
/// Parses order-by clauses, each <c>key [ASC|DESC]</c> with the key written as in filters
/// (<c>metrics.`f1 score` DESC</c>, <c>attributes.start_time</c>, <c>name ASC</c>). The direction is
/// case-insensitive and defaults to ascending, as in MLflow.
/// </summary>
internal static class OrderByParser
{
    public static IReadOnlyList<OrderByClause> Parse(SearchGrammar grammar, IReadOnlyList<string>? clauses)
    {
        if (clauses is null || clauses.Count == 0)
        {
            return [];
        }

        var result = new List<OrderByClause>(clauses.Count);
        foreach (var clause in clauses)
        {
            result.Add(ParseClause(grammar, clause ?? string.Empty));
        }

        return result;
    }

    private static OrderByClause ParseClause(SearchGrammar grammar, string clause)
    {
        var tokens = SearchTokenizer.Tokenize(clause, SearchSyntaxError.OrderBy);
        var keyToken = tokens[0];
        if (keyToken.Kind != SearchTokenKind.Identifier)
        {
            throw Error(clause, $"expected a key such as metrics.acc or start_time but found {keyToken.Describe()}", keyToken);
        }

        var (entity, key) = grammar.ResolveOrderByKey(keyToken, clause);
        var ascending = true;
        var next = tokens[1];
        if (next.Kind == SearchTokenKind.Identifier && next.Prefix is null && IsDirection(next.Text))
        {
            ascending = next.Text.Equals("ASC", StringComparison.OrdinalIgnoreCase);
            next = tokens[2];
            if (next.Kind != SearchTokenKind.End)
            {
                throw Error(clause, $"expected the end of the clause after the sort direction but found {next.Describe()}", next);
            }
        }
        else if (next.Kind != SearchTokenKind.End)
        {
            throw Error(clause, $"expected ASC or DESC after {keyToken.Describe()} but found {next.Describe()}", next);
        }

        return new OrderByClause(entity, key, ascending);
    }

    private static bool IsDirection(string text) =>
        text.Equals("ASC", StringComparison.OrdinalIgnoreCase) || text.Equals("DESC", StringComparison.OrdinalIgnoreCase);

    private static Errors.SlipwayException Error(string clause, string detail, SearchToken token) =>
        SearchSyntaxError.At(SearchSyntaxError.OrderBy, clause, detail, token.Position);
}
