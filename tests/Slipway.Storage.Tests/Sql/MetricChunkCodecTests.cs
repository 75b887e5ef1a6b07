using Slipway.Storage.Sql.Tracking;

namespace Slipway.Storage.Tests.Sql;

public sealed class MetricChunkCodecTests
{
    [Fact]
    public void Points_round_trip_including_extreme_steps_and_special_values()
    {
        MetricPoint[] points =
        [
            new(0, 1_700_000_000_000, 0.5),
            new(long.MaxValue, long.MinValue, double.NaN),
            new(long.MinValue, long.MaxValue, double.PositiveInfinity),
            new(-1, 0, double.NegativeInfinity),
            new(5, 5, -0.0),
            new(5, 5, double.Epsilon),
            new(6, 6, double.MaxValue),
        ];

        var decoded = new List<MetricPoint>();
        MetricChunkCodec.Decode(MetricChunkCodec.Encode(points), decoded);

        Assert.Equal(points.Length, decoded.Count);
        for (var i = 0; i < points.Length; i++)
        {
            Assert.Equal(points[i].Step, decoded[i].Step);
            Assert.Equal(points[i].Timestamp, decoded[i].Timestamp);
            Assert.Equal(BitConverter.DoubleToInt64Bits(points[i].Value), BitConverter.DoubleToInt64Bits(decoded[i].Value));
        }
    }

    [Fact]
    public void A_training_loop_point_takes_about_ten_bytes()
    {
        var points = Enumerable.Range(0, 1000).Select(i => new MetricPoint(i, 1_700_000_000_000 + (i * 50), 1.0 / (i + 1))).ToArray();

        Assert.InRange(MetricChunkCodec.Encode(points).Length, 10_000, 12_000);
    }

    [Fact]
    public void Large_chunks_encode_beyond_the_stack_buffer()
    {
        var points = Enumerable.Range(0, 4096).Select(i => new MetricPoint(i * 1_000_000_007L, -i, i)).ToArray();
        var decoded = new List<MetricPoint>();

        MetricChunkCodec.Decode(MetricChunkCodec.Encode(points), decoded);

        Assert.Equal(points, decoded);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2, 0, 0 })]
    [InlineData(new byte[] { 1, 0, 0, 1, 2, 3 })]
    [InlineData(new byte[] { 1, 0x80 })]
    [InlineData(new byte[] { 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void Damaged_chunks_are_reported_not_misread(byte[] data)
    {
        Assert.Throws<InvalidDataException>(() => MetricChunkCodec.Decode(data, []));
    }

    [Fact]
    public void SortDistinct_orders_points_and_keeps_each_logged_value_once()
    {
        var points = new List<MetricPoint>
        {
            new(2, 1, 1), new(1, 5, double.NaN), new(1, 5, 0), new(1, 5, double.NaN), new(1, 5, -1), new(2, 1, 1), new(0, 9, 3),
        };

        MetricHistory.SortDistinct(points);

        Assert.Equal([new(0, 9, 3), new(1, 5, -1), new(1, 5, 0), new(1, 5, double.NaN), new MetricPoint(2, 1, 1)], points);
    }

    [Fact]
    public void SortDistinct_keeps_the_same_zero_whichever_order_it_reads_them_in()
    {
        var zeroFirst = new List<MetricPoint> { new(1, 1, 0.0), new(1, 1, -0.0) };
        var negativeFirst = new List<MetricPoint> { new(1, 1, -0.0), new(1, 1, 0.0) };

        MetricHistory.SortDistinct(zeroFirst);
        MetricHistory.SortDistinct(negativeFirst);

        var kept = BitConverter.DoubleToInt64Bits(Assert.Single(zeroFirst).Value);
        Assert.Equal(kept, BitConverter.DoubleToInt64Bits(Assert.Single(negativeFirst).Value));
    }
}
