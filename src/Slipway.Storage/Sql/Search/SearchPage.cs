using System.Data.Common;
using Slipway.Core.Errors;
using Slipway.Core.Search;

namespace Slipway.Storage.Sql.Search;

/// <summary>Reads one page of a compiled search: offset from the page token, one extra row to tell whether more exist.</summary>
internal static class SearchPage
{
    public static async Task<(List<T> Rows, string? NextPageToken)> ReadAsync<T>(
        SqlSession session,
        SqlQuery query,
        int offset,
        int maxResults,
        Func<DbDataReader, T> read,
        CancellationToken cancellationToken)
    {
        if (maxResults <= 0)
        {
            throw SlipwayException.Invalid($"max_results must be a positive number, got {maxResults}.");
        }

        query.Append(" LIMIT ").Append(query.Bind((long)maxResults + 1)).Append(" OFFSET ").Append(query.Bind((long)offset));
        var rows = new List<T>();
        await using (var reader = await session.ReadAsync(query, cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(read(reader));
            }
        }

        if (rows.Count <= maxResults)
        {
            return (rows, null);
        }

        rows.RemoveAt(rows.Count - 1);
        return (rows, PageToken.Encode(offset + maxResults));
    }
}
