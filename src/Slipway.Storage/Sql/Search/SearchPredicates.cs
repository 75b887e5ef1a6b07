using System.Globalization;
using Slipway.Core.Errors;
using Slipway.Core.Search;

namespace Slipway.Storage.Sql.Search;

/// <summary>
/// Compiles one comparison against one column into SQL. The column is always a fixed column name chosen by
/// the compiler; every value is bound as a parameter.
/// </summary>
internal static class SearchPredicates
{
    /// <summary>String comparisons: =, !=, LIKE (case-sensitive), ILIKE, IN, NOT IN.</summary>
    public static string Text(SqlQuery query, ISqlDialect dialect, string column, FilterComparison comparison) =>
        comparison.Operator switch
        {
            ComparisonOperator.Equal => $"{column} = {query.Bind(TextValue(comparison))}",
            ComparisonOperator.NotEqual => $"{column} <> {query.Bind(TextValue(comparison))}",
            ComparisonOperator.Like => dialect.Like(column, query.Bind(dialect.LikePattern(TextValue(comparison)))),
            ComparisonOperator.ILike => dialect.ILike(column, query.Bind(TextValue(comparison))),
            ComparisonOperator.In => InList(query, column, ListValue(comparison), negate: false),
            ComparisonOperator.NotIn => InList(query, column, ListValue(comparison), negate: true),
            _ => throw Unsupported(comparison),
        };

    /// <summary>Numeric comparisons: =, !=, &lt;, &lt;=, &gt;, &gt;=.</summary>
    public static string Number(SqlQuery query, string column, FilterComparison comparison)
    {
        var op = comparison.Operator switch
        {
            ComparisonOperator.Equal => "=",
            ComparisonOperator.NotEqual => "<>",
            ComparisonOperator.Less => "<",
            ComparisonOperator.LessOrEqual => "<=",
            ComparisonOperator.Greater => ">",
            ComparisonOperator.GreaterOrEqual => ">=",
            _ => throw Unsupported(comparison),
        };
        return $"{column} {op} {query.Bind(NumberValue(comparison))}";
    }

    /// <summary>Comparisons of an integer column that also accept IN and NOT IN lists (version numbers).</summary>
    public static string Integer(SqlQuery query, string column, FilterComparison comparison) =>
        comparison.Operator switch
        {
            ComparisonOperator.In => InList(query, column, ListValue(comparison).Select(ParseInteger), negate: false),
            ComparisonOperator.NotIn => InList(query, column, ListValue(comparison).Select(ParseInteger), negate: true),
            _ => Number(query, column, comparison),
        };

    /// <summary>
    /// "A row matching <paramref name="probe"/> (a <c>SELECT 1</c> over a keyed table) exists and its value matches";
    /// IS NULL means no such row, IS NOT NULL that there is one.
    /// </summary>
    public static string KeyedExists(string probe, FilterComparison comparison, Func<FilterComparison, string> valuePredicate) =>
        comparison.Operator switch
        {
            ComparisonOperator.IsNull => $"NOT EXISTS ({probe})",
            ComparisonOperator.IsNotNull => $"EXISTS ({probe})",
            _ => $"EXISTS ({probe} AND {valuePredicate(comparison)})",
        };

    public static bool IsNullCheck(FilterComparison comparison) =>
        comparison.Operator is ComparisonOperator.IsNull or ComparisonOperator.IsNotNull;

    public static SlipwayException Unsupported(FilterComparison comparison) =>
        SlipwayException.Invalid(
            $"Invalid comparator '{comparison.Operator}' for {comparison.Entity.ToString().ToLowerInvariant()} '{comparison.Key}' in the search filter.");

    public static SlipwayException UnknownKey(string what, string key) =>
        SlipwayException.Invalid($"Invalid {what} key '{key}' in the search filter or order_by.");

    private static string InList<T>(SqlQuery query, string column, IEnumerable<T> values, bool negate)
        where T : notnull
    {
        var items = values.Cast<object>().ToList();
        if (items.Count == 0)
        {
            return negate ? "1 = 1" : "1 = 0";
        }

        return $"{column} {(negate ? "NOT IN" : "IN")} {query.BindList(items)}";
    }

    private static string TextValue(FilterComparison comparison) => comparison.Value switch
    {
        StringValue text => text.Value,
        _ => throw SlipwayException.Invalid($"Expected a quoted string value for '{comparison.Key}' in the search filter."),
    };

    private static IReadOnlyList<string> ListValue(FilterComparison comparison) => comparison.Value switch
    {
        ListValue list => list.Values,
        _ => throw SlipwayException.Invalid($"Expected a list of values, such as ('a', 'b'), for '{comparison.Key}' in the search filter."),
    };

    private static double NumberValue(FilterComparison comparison) => comparison.Value switch
    {
        NumberValue number => number.Value,
        StringValue text when double.TryParse(text.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw SlipwayException.Invalid($"Expected a numeric value for '{comparison.Key}' in the search filter."),
    };

    private static long ParseInteger(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw SlipwayException.Invalid($"Expected integers in the list, got '{text}'.");
}
