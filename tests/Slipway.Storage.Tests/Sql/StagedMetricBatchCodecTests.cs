using System.Text;
using Slipway.Core.Tracking;
using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Tests.Sql;

public sealed class StagedMetricBatchCodecTests
{
    private static readonly string LongKey = new('x', 300);

    private static byte[] Encoded() => new MetricBatch(
        [
            new Metric("loss", 0.5, 10, 0),
            new Metric("précision ✓", double.NegativeInfinity, -1, -5),
            new Metric(LongKey, -0.0, long.MinValue, long.MaxValue),
            new Metric("loss", double.NaN, 11, 1),
            new Metric("lo", 1.5, 12, 2),
        ],
        staged: true).Staged!;

    [Fact]
    public void Every_key_decodes_to_its_own_points()
    {
        var data = Encoded();

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
        var data = Encoded();

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
        var data = Encoded();
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
