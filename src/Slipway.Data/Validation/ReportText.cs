using System.Globalization;
using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Validation;

/// <summary>The wording shared by the expectations' messages, so every report reads alike.</summary>
internal static class ReportText
{
    private const int MaxNamedColumns = 20;
    private const int MaxExampleLength = 100;

    /// <summary>A count for a person: 1,000 rather than 1000.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A value for the <c>observed</c> and <c>expected</c> fields: invariant and without separators, so tools can read it back.</summary>
    public static string Plain(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Plain(double value) => value.ToString(CultureInfo.InvariantCulture);

    public static string? Plain(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    /// <summary>A ratio as a percentage, never rounded up to 100% when something is missing.</summary>
    public static string Percent(double ratio)
    {
        var text = (ratio * 100).ToString("0.##", CultureInfo.InvariantCulture);
        return text == "100" && ratio < 1 ? ">99.99%" : text + "%";
    }

    /// <summary>"between 1 and 9", "at least 1" or "at most 9", for whichever bounds are given.</summary>
    public static string Bounds(string? min, string? max) => (min, max) switch
    {
        (not null, not null) => $"between {min} and {max}",
        (not null, null) => $"at least {min}",
        (null, not null) => $"at most {max}",
        _ => "anything",
    };

    public static string MissingColumn(TableProfile table, string column)
    {
        var sameButCase = table.Columns.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase));
        if (sameButCase is not null)
        {
            return $"No column '{column}' in {table.Path}; did you mean '{sameButCase.Name}'?";
        }

        var names = string.Join(", ", table.Columns.Take(MaxNamedColumns).Select(c => c.Name));
        var more = table.Columns.Count > MaxNamedColumns ? $" and {Count(table.Columns.Count - MaxNamedColumns)} more" : "";
        return table.Columns.Count == 0
            ? $"No column '{column}' in {table.Path}, which has no columns."
            : $"No column '{column}' in {table.Path}; its columns are {names}{more}.";
    }

    /// <summary>", e.g. 'gold' (2 rows), 'trial' (1 row)" or nothing when there are no examples.</summary>
    public static string Examples(IReadOnlyList<ValueFrequency> examples) =>
        examples.Count == 0 ? "" : ", e.g. " + string.Join(", ", examples.Select(e => $"{Quote(e.Value)} ({Quantity(e.Count, "row")})"));

    /// <summary>"1 row", "2 rows": a count with its noun.</summary>
    public static string Quantity(long count, string noun) => count == 1 ? $"1 {noun}" : $"{Count(count)} {noun}s";

    /// <summary>A value in quotes, cut short so one long value cannot swamp a report.</summary>
    public static string Quote(string value) =>
        value.Length <= MaxExampleLength ? $"'{value}'" : $"'{value[..MaxExampleLength]}…'";
}
