namespace Slipway.Core.Data.Profiles;

/// <summary>
/// One column: its inferred type and statistics. Numeric columns carry <see cref="Numeric"/> (with histogram bins);
/// string and boolean columns carry <see cref="TopValues"/>, so drift can be computed without re-reading the data.
/// </summary>
public sealed record ColumnProfile
{
    public required string Name { get; init; }

    /// <summary>The logical type: <c>integer</c>, <c>float</c>, <c>boolean</c>, <c>string</c>, <c>date</c>, <c>timestamp</c> or <c>other</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The type the scanning engine inferred or read, such as <c>BIGINT</c> or <c>VARCHAR</c>.</summary>
    public required string SourceType { get; init; }

    /// <summary>True when the column holds missing values (or its schema allows them).</summary>
    public required bool Nullable { get; init; }

    public required long MissingCount { get; init; }

    /// <summary>Missing values over rows, 0 to 1 (0 for a table with no rows).</summary>
    public required double MissingRatio { get; init; }

    /// <summary>Distinct non-missing values.</summary>
    public required long DistinctCount { get; init; }

    /// <summary>The smallest value as text in invariant form (numbers, dates as ISO 8601, strings); null when every value is missing.</summary>
    public string? Min { get; init; }

    public string? Max { get; init; }

    /// <summary>For <c>integer</c> and <c>float</c> columns.</summary>
    public NumericSummary? Numeric { get; init; }

    /// <summary>For <c>string</c> and <c>boolean</c> columns: the most frequent values, most frequent first.</summary>
    public IReadOnlyList<ValueFrequency>? TopValues { get; init; }

    /// <summary>Non-missing values not among <see cref="TopValues"/>, so the frequencies add up to the row count.</summary>
    public long? OtherValuesCount { get; init; }
}
