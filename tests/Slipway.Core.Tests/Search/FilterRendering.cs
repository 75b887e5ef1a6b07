using System.Globalization;
using Slipway.Core.Search;

namespace Slipway.Core.Tests.Search;

/// <summary>A compact text form of parsed filters so [Theory] rows can state the whole expected AST on one line.</summary>
internal static class FilterRendering
{
    public static string Render(SearchFilter filter) => string.Join(" ; ", filter.Comparisons.Select(Render));

    public static string Render(FilterComparison comparison) =>
        $"{comparison.Entity}|{comparison.Key}|{comparison.Operator}|{Render(comparison.Value)}";

    public static string Render(IReadOnlyList<OrderByClause> clauses) =>
        string.Join(" ; ", clauses.Select(c => $"{c.Entity}|{c.Key}|{(c.Ascending ? "ASC" : "DESC")}"));

    private static string Render(FilterValue? value) => value switch
    {
        null => "-",
        NumberValue number => "N:" + number.Value.ToString("R", CultureInfo.InvariantCulture),
        StringValue text => "S:" + text.Value,
        ListValue list => "L:" + string.Join(",", list.Values),
        _ => "?",
    };
}
