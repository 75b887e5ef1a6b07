using System.Globalization;
using Slipway.Core.Registry;

namespace Slipway.Core.Search;

/// <summary>
/// Recursive-descent parser for one filter string:
/// <code>
/// filter     := comparison ( AND comparison )* END
/// comparison := IDENTIFIER operator value
/// operator   := = | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;= | LIKE | ILIKE | IN | NOT IN | IS NULL | IS NOT NULL
/// value      := NUMBER | STRING | '(' STRING ( ',' STRING )* ')'      (none after IS [NOT] NULL)
/// </code>
/// Which operator and value fit a key depends on its entity (MLflow's rules): metrics and numeric attributes take
/// numeric comparators and a number; params, tags and datasets take =, !=, LIKE, ILIKE, IN and NOT IN with strings;
/// tags also IS [NOT] NULL; string attributes take =, !=, LIKE and ILIKE, and IN lists only where MLflow allows them.
/// </summary>
internal sealed class FilterParser
{
    private static readonly ComparisonOperator[] Numeric =
    [
        ComparisonOperator.Equal, ComparisonOperator.NotEqual, ComparisonOperator.Less,
        ComparisonOperator.LessOrEqual, ComparisonOperator.Greater, ComparisonOperator.GreaterOrEqual,
    ];

    private static readonly ComparisonOperator[] Text =
        [ComparisonOperator.Equal, ComparisonOperator.NotEqual, ComparisonOperator.Like, ComparisonOperator.ILike];

    private static readonly ComparisonOperator[] TextOrList = [.. Text, ComparisonOperator.In, ComparisonOperator.NotIn];

    private static readonly ComparisonOperator[] TagOperators =
        [.. TextOrList, ComparisonOperator.IsNull, ComparisonOperator.IsNotNull];

    private readonly SearchGrammar _grammar;
    private readonly string _input;
    private readonly IReadOnlyList<SearchToken> _tokens;
    private int _index;

    private FilterParser(SearchGrammar grammar, string input)
    {
        _grammar = grammar;
        _input = input;
        _tokens = SearchTokenizer.Tokenize(input, SearchSyntaxError.Filter);
    }

    public static SearchFilter Parse(SearchGrammar grammar, string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return SearchFilter.Empty;
        }

        return new FilterParser(grammar, filter).ParseFilter();
    }

    private SearchToken Current => _tokens[_index];

    private SearchFilter ParseFilter()
    {
        var comparisons = new List<FilterComparison> { ParseComparison(previous: null) };
        while (true)
        {
            var token = Next();
            if (token.Kind == SearchTokenKind.End)
            {
                return new SearchFilter(comparisons);
            }

            if (token.IsKeyword("OR"))
            {
                throw Error("OR is not supported, only AND may join comparisons; found 'OR'", token);
            }

            if (!token.IsKeyword("AND"))
            {
                throw Error($"expected AND or the end of the filter but found {token.Describe()}", token);
            }

            comparisons.Add(ParseComparison(previous: token));
        }
    }

    private FilterComparison ParseComparison(SearchToken? previous)
    {
        var keyToken = Next();
        if (keyToken.Kind != SearchTokenKind.Identifier)
        {
            var after = previous is null ? string.Empty : $" after {previous.Describe()}";
            throw Error($"expected a key such as metrics.acc or params.lr{after} but found {keyToken.Describe()}", keyToken);
        }

        var (entity, key, attribute) = _grammar.ResolveFilterKey(keyToken, _input);
        var operatorToken = Current;
        var op = ParseOperator(keyToken);
        var allowed = AllowedOperators(entity, attribute);
        if (!allowed.Contains(op))
        {
            var subject = entity == SearchEntity.Attribute ? $"attribute '{key}'" : SearchEntityNames.Plural(entity);
            throw SearchSyntaxError.Semantic(
                SearchSyntaxError.Filter,
                _input,
                $"Invalid comparator '{op.ToText()}' for {subject}",
                operatorToken.Position,
                $"Valid comparators are {string.Join(", ", allowed.Select(o => o.ToText()))}.");
        }

        FilterValue? value = op switch
        {
            ComparisonOperator.IsNull or ComparisonOperator.IsNotNull => null,
            ComparisonOperator.In or ComparisonOperator.NotIn => ParseList(operatorToken, op, attribute),
            _ when entity == SearchEntity.Metric || attribute is { IsNumeric: true } => ParseNumber(operatorToken, attribute),
            _ => ParseString(operatorToken, op, attribute),
        };
        return new FilterComparison(entity, key, op, value);
    }

    private ComparisonOperator ParseOperator(SearchToken keyToken)
    {
        var token = Next();
        if (token.Kind == SearchTokenKind.Operator)
        {
            return token.Value switch
            {
                "=" => ComparisonOperator.Equal,
                "!=" => ComparisonOperator.NotEqual,
                "<" => ComparisonOperator.Less,
                "<=" => ComparisonOperator.LessOrEqual,
                ">" => ComparisonOperator.Greater,
                _ => ComparisonOperator.GreaterOrEqual,
            };
        }

        if (token.Kind == SearchTokenKind.Keyword)
        {
            switch (token.Value)
            {
                case "LIKE": return ComparisonOperator.Like;
                case "ILIKE": return ComparisonOperator.ILike;
                case "IN": return ComparisonOperator.In;
                case "NOT":
                    Expect("IN", "after 'NOT' (the only negated comparator is NOT IN)");
                    return ComparisonOperator.NotIn;
                case "IS":
                    if (Current.IsKeyword("NOT"))
                    {
                        _index++;
                        Expect("NULL", "after 'IS NOT'");
                        return ComparisonOperator.IsNotNull;
                    }

                    Expect("NULL", "after 'IS'");
                    return ComparisonOperator.IsNull;
                default:
                    break;
            }
        }

        throw Error($"expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN, IS NULL) after {keyToken.Describe()} but found {token.Describe()}", token);
    }

    private NumberValue ParseNumber(SearchToken operatorToken, SearchAttribute? attribute)
    {
        var token = Next();
        var literal = token.Kind switch
        {
            SearchTokenKind.NumberLiteral => token.Value,
            SearchTokenKind.StringLiteral when attribute is { AllowsQuotedNumber: true } => token.Value.Trim(),
            _ => null,
        };
        if (literal is null
            || !double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || !double.IsFinite(number))
        {
            throw Error($"expected a number after {operatorToken.Describe()} but found {token.Describe()}", token);
        }

        return new NumberValue(number);
    }

    private StringValue ParseString(SearchToken operatorToken, ComparisonOperator op, SearchAttribute? attribute)
    {
        var token = Next();
        if (token.Kind != SearchTokenKind.StringLiteral)
        {
            throw Error($"expected a quoted string after {operatorToken.Describe()} but found {token.Describe()}", token);
        }

        return new StringValue(NormalizeExact(token.Value, op, attribute));
    }

    private ListValue ParseList(SearchToken operatorToken, ComparisonOperator op, SearchAttribute? attribute)
    {
        var open = Next();
        if (open.Kind != SearchTokenKind.LeftParenthesis)
        {
            throw Error($"expected '(' after {operatorToken.Describe()} but found {open.Describe()}", open);
        }

        if (Current.Kind == SearchTokenKind.RightParenthesis)
        {
            throw Error($"expected at least one quoted string in the {operatorToken.Value} list but found ')'", Current);
        }

        var values = new List<string>();
        while (true)
        {
            var item = Next();
            if (item.Kind != SearchTokenKind.StringLiteral)
            {
                throw Error($"expected a quoted string in the {operatorToken.Value} list but found {item.Describe()}", item);
            }

            values.Add(NormalizeExact(item.Value, op, attribute));
            var separator = Next();
            if (separator.Kind == SearchTokenKind.RightParenthesis)
            {
                return new ListValue(values);
            }

            if (separator.Kind != SearchTokenKind.Comma)
            {
                throw Error($"expected ',' or ')' in the {operatorToken.Value} list but found {separator.Describe()}", separator);
            }
        }
    }

    /// <summary>Stage names are case-insensitive in MLflow; exact comparisons use the canonical spelling.</summary>
    private static string NormalizeExact(string value, ComparisonOperator op, SearchAttribute? attribute) =>
        attribute is { IsStage: true }
        && op is ComparisonOperator.Equal or ComparisonOperator.NotEqual or ComparisonOperator.In or ComparisonOperator.NotIn
        && ModelStage.TryNormalize(value, out var stage)
            ? stage
            : value;

    private static ComparisonOperator[] AllowedOperators(SearchEntity entity, SearchAttribute? attribute) => entity switch
    {
        SearchEntity.Metric => Numeric,
        SearchEntity.Param or SearchEntity.Dataset => TextOrList,
        SearchEntity.Tag => TagOperators,
        _ when attribute is { IsNumeric: true } => Numeric,
        _ when attribute is { AllowsList: true } => TextOrList,
        _ => Text,
    };

    private void Expect(string keyword, string context)
    {
        var token = Next();
        if (!token.IsKeyword(keyword))
        {
            throw Error($"expected {keyword} {context} but found {token.Describe()}", token);
        }
    }

    private SearchToken Next()
    {
        var token = _tokens[_index];
        if (token.Kind != SearchTokenKind.End)
        {
            _index++;
        }

        return token;
    }

    private Errors.SlipwayException Error(string detail, SearchToken token) =>
        SearchSyntaxError.At(SearchSyntaxError.Filter, _input, detail, token.Position);
}
