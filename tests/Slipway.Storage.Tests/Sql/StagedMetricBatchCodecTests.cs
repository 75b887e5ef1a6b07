using System.Text;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Tests.Sql;

public sealed class StagedMetricBatchCodecTests
{
    private static readonly string LongKey = new('x', 300);

    private static List<MetricChunk> Chunks() =>
    [
        MetricChunk.Of("loss", [new MetricPoint(0, 10, 0.5), new MetricPoint(1, 11, double.NaN)]),
        MetricChunk.Of("précision ✓", [new MetricPoint(-5, -1, double.NegativeInfinity)]),
        MetricChunk.Of(LongKey, [new MetricPoint(long.MaxValue, long.MinValue, -0.0)]),
        MetricChunk.Of("lo", [new MetricPoint(2, 12, 1.5)]),
    ];

    [Fact]
    public void Every_key_decodes_to_its_own_points()
    {
        var data = StagedMetricBatchCodec.Encode(Chunks());

        var byKey = new Dictionary<string, List<MetricPoint>>(StringComparer.Ordinal);
        StagedMetricBatchCodec.DecodeAll(data, byKey);
        StagedMetricBatchCodec.DecodeAll(data, byKey);

        Assert.Equal(["loss", "précision ✓", LongKey, "lo"], byKey.Keys);
        Assert.Equal([0L, 1L, 0L, 1L], byKey["loss"].Select(p => p.Step));
        Assert.True(double.IsNaN(byKey["loss"][1].Value));
        Assert.Equal(double.NegativeInfinity, byKey["précision ✓"][0].Value);
        Assert.Equal(long.MinValue, byKey[LongKey][0].Timestamp);
        Assert.True(double.IsNegative(byKey[LongKey][0].Value));
    }

    [Fact]
    public void One_key_is_found_by_its_exact_bytes()
    {
        var data = StagedMetricBatchCodec.Encode(Chunks());

        var points = new List<MetricPoint>();
        StagedMetricBatchCodec.DecodeKey(data, Encoding.UTF8.GetBytes("lo"), points);
        Assert.Equal([new MetricPoint(2, 12, 1.5)], points);

        points.Clear();
        StagedMetricBatchCodec.DecodeKey(data, Encoding.UTF8.GetBytes("précision ✓"), points);
        Assert.Single(points);

        points.Clear();
        StagedMetricBatchCodec.DecodeKey(data, Encoding.UTF8.GetBytes("l"), points);
        Assert.Empty(points);
    }

    [Fact]
    public void Damaged_batches_fail_as_invalid_data()
    {
        var data = StagedMetricBatchCodec.Encode(Chunks());
        for (var length = 0; length < data.Length; length++)
        {
            var cut = data[..length];
            Assert.Throws<InvalidDataException>(() => StagedMetricBatchCodec.DecodeAll(cut, new Dictionary<string, List<MetricPoint>>(StringComparer.Ordinal)));
        }

        var unknown = (byte[])data.Clone();
        unknown[0] = 99;
        Assert.Throws<InvalidDataException>(() => StagedMetricBatchCodec.DecodeKey(unknown, "loss"u8, []));
    }
}
