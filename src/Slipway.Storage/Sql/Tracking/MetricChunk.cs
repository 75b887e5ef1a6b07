namespace Slipway.Storage.Sql.Tracking;

/// <summary>
/// Some values of one run's metric, stored as one row of <c>metric_chunks</c>: a log call writes one chunk per
/// key it logs, and <see cref="MetricChunkCompaction"/> merges small chunks, so a history is read as a handful
/// of rows instead of a row per value.
/// </summary>
internal sealed record MetricChunk(string Key, int ValueCount, long MinStep, long MaxStep, byte[] Data)
{
    public static MetricChunk Of(string key, ReadOnlySpan<MetricPoint> points)
    {
        var minStep = long.MaxValue;
        var maxStep = long.MinValue;
        foreach (var point in points)
        {
            minStep = Math.Min(minStep, point.Step);
            maxStep = Math.Max(maxStep, point.Step);
        }

        return new MetricChunk(key, points.Length, minStep, maxStep, MetricChunkCodec.Encode(points));
    }

    /// <summary>
    /// A metric's points as stored chunks: sorted, each logged value once (<see cref="MetricHistory.SortDistinct"/>,
    /// which reorders <paramref name="points"/>), at most <see cref="MetricChunkCompaction.MaxChunkValues"/> per chunk.
    /// </summary>
    public static List<MetricChunk> Merged(string key, List<MetricPoint> points)
    {
        MetricHistory.SortDistinct(points);
        var all = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(points);
        var chunks = new List<MetricChunk>(1 + (all.Length / MetricChunkCompaction.MaxChunkValues));
        for (var start = 0; start < all.Length; start += MetricChunkCompaction.MaxChunkValues)
        {
            chunks.Add(Of(key, all.Slice(start, Math.Min(MetricChunkCompaction.MaxChunkValues, all.Length - start))));
        }

        return chunks;
    }
}
