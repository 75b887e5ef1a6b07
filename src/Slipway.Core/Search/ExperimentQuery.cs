using Slipway.Core.Tracking;

namespace Slipway.Core.Search;

/// <summary>A parsed and validated search over experiments.</summary>
public sealed record ExperimentQuery(
    SearchFilter Filter,
    ViewType ViewType,
    int MaxResults,
    IReadOnlyList<OrderByClause> OrderBy,
    string? PageToken);
