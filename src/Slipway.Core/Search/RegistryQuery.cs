namespace Slipway.Core.Search;

/// <summary>A parsed and validated search over registered models or model versions.</summary>
public sealed record RegistryQuery(
    SearchFilter Filter,
    int MaxResults,
    IReadOnlyList<OrderByClause> OrderBy,
    string? PageToken);
