using Slipway.Core.Tracking;

namespace Slipway.Core.Search;

/// <summary>A parsed and validated search over runs.</summary>
public sealed record RunQuery(
    IReadOnlyList<string> ExperimentIds,
    SearchFilter Filter,
    ViewType ViewType,
    int MaxResults,
    IReadOnlyList<OrderByClause> OrderBy,
    string? PageToken);
