namespace Slipway.Core.Search;

/// <summary>One sort key, such as <c>metrics.acc DESC</c>. Keys are canonical as in <see cref="FilterComparison"/>.</summary>
public sealed record OrderByClause(SearchEntity Entity, string Key, bool Ascending);
