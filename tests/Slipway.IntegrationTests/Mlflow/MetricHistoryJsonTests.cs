using System.Buffers;
using System.Text;
using System.Text.Json;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;
using Slipway.Server.Mlflow;
using Slipway.Server.Mlflow.Contracts;
using Xunit;

namespace Slipway.IntegrationTests.Mlflow;

/// <summary>get-history is written by hand for speed; it must read exactly as the serializer would write it.</summary>
public sealed class MetricHistoryJsonTests
{
    public static TheoryData<string?> Tokens => new() { null, "MTAw" };

    [Theory]
    [MemberData(nameof(Tokens))]
    public void Hand_written_history_matches_the_serializer_byte_for_byte(string? token)
    {
        Metric[] metrics =
        [
            new("loss \"quoted\" <b>", 0.1, 1_700_000_000_000, 0),
            new("loss \"quoted\" <b>", double.NaN, 1, 1),
            new("loss \"quoted\" <b>", double.PositiveInfinity, 2, 2),
            new("loss \"quoted\" <b>", double.NegativeInfinity, -3, -3),
            new("loss \"quoted\" <b>", 1e-300, 4, long.MaxValue),
            new("loss \"quoted\" <b>", -0.0, 5, long.MinValue),
        ];

        Assert.Equal(Serialized(metrics, token), HandWritten(metrics, token));
        Assert.Equal(Serialized([], token), HandWritten([], token));
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(10_001)]
    public void Long_histories_match_the_serializer_byte_for_byte(int count)
    {
        var metrics = Enumerable.Range(0, count)
            .Select(i => new Metric(i < count / 2 ? "loss" : "accuracy", i % 97 == 0 ? double.NaN : 1.0 / (i + 1), 1_700_000_000_000 + i, i))
            .ToArray();

        Assert.Equal(Serialized(metrics, "MTAw"), HandWritten(metrics, "MTAw"));
        Assert.Equal(Serialized(metrics, null), HandWritten(metrics, null));
    }

    private static string HandWritten(Metric[] metrics, string? token)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MetricHistoryJson.Write(buffer, new Page<Metric>(metrics, token));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Serialized(Metric[] metrics, string? token) =>
        JsonSerializer.Serialize(
            new GetMetricHistoryResponse { Metrics = metrics.Length == 0 ? null : metrics.Select(MlflowMapper.ToDto).ToList(), NextPageToken = token },
            MlflowJsonContext.Wire.GetMetricHistoryResponse);
}
