using Slipway.Core.Stores;

namespace Slipway.Cli.Commands;

/// <summary>Follows page tokens until enough items are collected.</summary>
internal static class PageCollector
{
    /// <summary>Page sizes are capped here; every MLflow search endpoint accepts at least this many per page.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Up to <paramref name="maxResults"/> items, and whether the server has more.</summary>
    public static async Task<(List<T> Items, bool More)> CollectAsync<T>(Func<int, string?, Task<Page<T>>> fetchPage, int maxResults)
    {
        ArgumentNullException.ThrowIfNull(fetchPage);
        var items = new List<T>();
        string? token = null;
        do
        {
            var page = await fetchPage(Math.Min(maxResults - items.Count, MaxPageSize), token);
            items.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null && items.Count < maxResults);

        var more = token is not null || items.Count > maxResults;
        if (items.Count > maxResults)
        {
            items.RemoveRange(maxResults, items.Count - maxResults);
        }

        return (items, more);
    }
}
