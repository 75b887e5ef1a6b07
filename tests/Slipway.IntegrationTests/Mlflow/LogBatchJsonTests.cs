using System.Text;
using System.Text.Json;
using Slipway.Server.Mlflow;
using Slipway.Server.Mlflow.Contracts;
using Xunit;

namespace Slipway.IntegrationTests.Mlflow;

/// <summary>The hand-written log-batch reader must read what the serializer reads, or decline and leave the body to it.</summary>
public sealed class LogBatchJsonTests
{
    public static TheoryData<string> Canonical => new()
    {
        """{"run_id":"r1","metrics":[{"key":"loss","value":0.5,"timestamp":1700000000000,"step":3},{"key":"acc","value":1,"timestamp":-1}]}""",
        """{"metrics":[{"step":2,"timestamp":5,"value":"NaN","key":"a"},{"key":"b","value":"Infinity","timestamp":0},{"key":"c","value":"-Infinity","timestamp":0}],"run_id":"r"}""",
        """ { "run_id" : "r" , "params" : [ { "key" : "lr" , "value" : "0.1" } ] , "tags" : [ {"value":"v","key":"k\u00e9\"x"} ] } """,
        """{"run_id":"r","metrics":[],"params":[],"tags":[]}""",
        """{"run\u005fid":"escaped-name","metrics":[{"key":"k","value":1e-300,"timestamp":9223372036854775807,"step":-9223372036854775808}]}""",
        """{}""",
    };

    public static TheoryData<string> Declined => new()
    {
        """{"run_id":"r","metrics":[{"key":"loss","value":"0.5","timestamp":1}]}""",
        """{"run_id":"r","metrics":[{"key":"loss","value":0.5,"timestamp":"1"}]}""",
        """{"run_id":"r","metrics":[{"key":"loss","value":0.5,"timestamp":1,"step":1.5}]}""",
        """{"run_id":"r","metrics":[{"key":"loss","value":null,"timestamp":1}]}""",
        """{"run_id":"r","metrics":[{"key":"loss","value":0.5,"timestamp":1,"extra":1}]}""",
        """{"run_id":"r","run_id":"s"}""",
        """{"run_id":"r","unknown":[1,2]}""",
        """{"run_id":"r","params":[{"key":"lr"}]}""",
        """{"run_id":"r","metrics":{"key":"loss"}}""",
        """{"run_id":"r"} trailing""",
        """{"run_id":"r","metrics":[{"key":"loss","value":1e999,"timestamp":1}]}""",
        """[]""",
        """{"run_id":"r","metrics":[{"key":"loss","value":"nan","timestamp":1}]}""",
    };

    [Theory]
    [MemberData(nameof(Canonical))]
    public void Canonical_bodies_read_as_the_serializer_reads_them(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);

        Assert.True(LogBatchJson.TryRead(bytes, out var fast));

        var expected = JsonSerializer.Deserialize(bytes, MlflowJsonContext.Wire.LogBatchRequest)!;
        Assert.Equal(
            JsonSerializer.Serialize(expected, MlflowJsonContext.Wire.LogBatchRequest),
            JsonSerializer.Serialize(fast, MlflowJsonContext.Wire.LogBatchRequest));
    }

    [Theory]
    [MemberData(nameof(Declined))]
    public void Other_shapes_are_left_to_the_serializer(string body)
    {
        Assert.False(LogBatchJson.TryRead(Encoding.UTF8.GetBytes(body), out _));
    }

    [Fact]
    public void Every_truncation_and_every_token_swapped_for_null_is_declined_without_throwing()
    {
        var body = Encoding.UTF8.GetBytes("""{"run_id":"r","metrics":[{"key":"k","value":1.5,"timestamp":2,"step":3}],"params":[{"key":"p","value":"v"}],"tags":[{"key":"t","value":"w"}]}""");
        for (var length = 0; length < body.Length; length++)
        {
            Assert.False(LogBatchJson.TryRead(body.AsSpan(0, length), out _));
        }

        var text = Encoding.UTF8.GetString(body);
        foreach (var literal in new[] { "\"r\"", "1.5", "2", "3", "\"v\"", "\"w\"", "\"k\"" })
        {
            Assert.False(LogBatchJson.TryRead(Encoding.UTF8.GetBytes(text.Replace(literal, "null", StringComparison.Ordinal)), out _));
        }
    }
}
