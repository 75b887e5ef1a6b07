namespace Slipway.Core.Search;

/// <summary>A conjunction (AND) of comparisons; empty means "match everything".</summary>
public sealed record SearchFilter(IReadOnlyList<FilterComparison> Comparisons)
{
    public static SearchFilter Empty { get; } = new([]);
}
