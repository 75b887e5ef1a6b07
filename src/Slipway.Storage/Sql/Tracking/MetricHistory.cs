using System.Runtime.InteropServices;
using System.Text;

namespace Slipway.Storage.Sql.Tracking;

/// <summary>Reads a run's metric history out of its chunks, in history order, each logged value once.</summary>
internal static class MetricHistory
{
    /// <summary>Every value of one run's metric, sorted, duplicates removed; with <paramref name="staged"/>, also the values in the run's staged batches.</summary>
    public static async Task<List<MetricPoint>> ReadAsync(SqlSession session, bool staged, long runKey, string key, CancellationToken cancellationToken)
    {
        var points = new List<MetricPoint>();
        await using (var reader = await session.ReadAsync(
            staged
                ? "SELECT value_count, data FROM metric_chunks WHERE run_key = @run AND key = @key UNION ALL SELECT -1, data FROM metric_batches WHERE run_key = @run"
                : "SELECT value_count, data FROM metric_chunks WHERE run_key = @run AND key = @key",
            cancellationToken,
            ("@run", runKey),
            ("@key", key)))
        {
            byte[]? utf8Key = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                var valueCount = reader.GetInt32(0);
                if (valueCount >= 0)
                {
                    points.EnsureCapacity(points.Count + valueCount);
                    MetricChunkCodec.Decode(reader.GetFieldValue<byte[]>(1), points);
                }
                else
                {
                    utf8Key ??= Encoding.UTF8.GetBytes(key);
                    StagedMetricBatchCodec.DecodeKey(reader.GetFieldValue<byte[]>(1), utf8Key, points);
                }
            }
        }

        SortDistinct(points);
        return points;
    }

    /// <summary>Sorts the points (they usually arrive sorted, so that is checked first) and drops repeats of one logged value.</summary>
    public static void SortDistinct(List<MetricPoint> points)
    {
        var span = CollectionsMarshal.AsSpan(points);
        for (var i = 1; i < span.Length; i++)
        {
            if (span[i - 1].CompareTo(span[i]) > 0)
            {
                span.Sort();
                break;
            }
        }

        var kept = Math.Min(1, span.Length);
        for (var i = 1; i < span.Length; i++)
        {
            if (!span[i].SameValueAs(span[kept - 1]))
            {
                span[kept++] = span[i];
            }
        }

        points.RemoveRange(kept, points.Count - kept);
    }
}
