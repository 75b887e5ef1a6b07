using Slipway.Core.Tracking;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Tests.Sql;

public sealed class MetricBatchTests
{
    private static readonly Metric[] Logged =
    [
        new("b", 1, 1, 1), new("a", 1, 1, 5), new("b", 2, 1, 3), new("a", 9, 1, 2), new("c", double.NaN, 7, 0),
    ];

    [Fact]
    public void Latest_keeps_the_newest_value_of_each_key_in_first_seen_order()
    {
        Assert.Equal([new Metric("b", 2, 1, 3), new Metric("a", 1, 1, 5), new Metric("c", double.NaN, 7, 0)], new MetricBatch(Logged, staged: false).Latest);
    }

    [Fact]
    public void Chunks_hold_each_keys_values_in_logged_order()
    {
        var batch = new MetricBatch(Logged, staged: false);

        Assert.Null(batch.Staged);
        Assert.Equal(["b", "a", "c"], batch.Chunks.Select(c => c.Key));
        Assert.Equal([1L, 3L], Decode(batch.Chunks[0].Data).Select(p => p.Step));
        Assert.Equal([5L, 2L], Decode(batch.Chunks[1].Data).Select(p => p.Step));
        Assert.Equal((2, 2L, 5L), (batch.Chunks[1].ValueCount, batch.Chunks[1].MinStep, batch.Chunks[1].MaxStep));
    }

    [Fact]
    public void A_staged_batch_holds_the_same_values_as_its_chunks_would()
    {
        // Large enough that the chunk lengths take two- and three-byte varints.
        Metric[] metrics = [.. Enumerable.Range(0, 3000).Select(i => new Metric(i % 3 == 0 ? "small" : "large", i / 7.0, 1_700_000_000_000 + i, i))];
        metrics[0] = new Metric("tiny", 1, 1, 1);
        var staged = new MetricBatch(metrics, staged: true);
        var chunked = new MetricBatch(metrics, staged: false);

        Assert.Empty(staged.Chunks);
        Assert.Equal(3000, staged.ValueCount);
        var byKey = new Dictionary<string, List<MetricPoint>>(StringComparer.Ordinal);
        StagedMetricBatchCodec.DecodeAll(staged.Staged, byKey);
        Assert.Equal(chunked.Chunks.Select(c => c.Key), byKey.Keys);
        foreach (var chunk in chunked.Chunks)
        {
            Assert.Equal(Decode(chunk.Data), byKey[chunk.Key]);
        }
    }

    [Fact]
    public void An_empty_batch_has_nothing_to_write()
    {
        var batch = new MetricBatch([], staged: true);

        Assert.True(batch.IsEmpty);
        Assert.Null(batch.Staged);
        Assert.Empty(batch.Latest);
    }

    private static List<MetricPoint> Decode(byte[] chunk)
    {
        var points = new List<MetricPoint>();
        MetricChunkCodec.Decode(chunk, points);
        return points;
    }
}
