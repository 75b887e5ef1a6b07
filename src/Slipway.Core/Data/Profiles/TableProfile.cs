namespace Slipway.Core.Data.Profiles;

/// <summary>One tabular file of a version: its inferred schema, row count and a profile of every column.</summary>
public sealed record TableProfile
{
    /// <summary>The file's path in the version's manifest.</summary>
    public required string Path { get; init; }

    /// <summary><c>csv</c> or <c>parquet</c>.</summary>
    public required string Format { get; init; }

    public required long RowCount { get; init; }

    public required IReadOnlyList<ColumnProfile> Columns { get; init; }
}
