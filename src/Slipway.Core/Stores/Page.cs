namespace Slipway.Core.Stores;

/// <summary>One page of results and the opaque token for the next page (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);
