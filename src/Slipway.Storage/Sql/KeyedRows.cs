using System.Data.Common;

namespace Slipway.Storage.Sql;

/// <summary>Loads child rows (tags, params, metrics ...) of many parents in one query, grouped by parent key.</summary>
internal static class KeyedRows
{
    /// <summary>
    /// Runs <paramref name="sql"/>, in which <c>{keys}</c> stands for a predicate on <paramref name="keyColumn"/>,
    /// and groups the rows by the parent key in column 0; <paramref name="read"/> maps the rest of a row.
    /// </summary>
    public static async Task<Dictionary<long, List<T>>> LoadAsync<T>(
        SqlSession session,
        string sql,
        string keyColumn,
        IReadOnlyCollection<long> keys,
        Func<DbDataReader, T> read,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        var result = new Dictionary<long, List<T>>();
        if (keys.Count == 0)
        {
            return result;
        }

        var text = sql.Replace("{keys}", session.Dialect.InKeyList(keyColumn, "@keys"), StringComparison.Ordinal);
        await using var reader = await session.ReadAsync(text, cancellationToken, [.. parameters, ("@keys", session.Dialect.KeyListValue(keys))]);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = reader.GetInt64(0);
            if (!result.TryGetValue(key, out var list))
            {
                list = [];
                result.Add(key, list);
            }

            list.Add(read(reader));
        }

        return result;
    }

    public static IReadOnlyList<T> For<T>(this Dictionary<long, List<T>> rows, long key) =>
        rows.TryGetValue(key, out var list) ? list : [];
}
