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
        """{"run_id":"r","metrics":[{"key":"a","value":-0,"timestamp":0,"step":-0},{"key":"b","value":1E+2,"timestamp":1},{"key":"c","value":123456789.123456789e-5,"timestamp":1},{"key":"d","value":0.1,"timestamp":1},{"key":"e","value":-1.5e3,"timestamp":1}]}""",
        "{\"run_id\":\"r\",\"metrics\":[{\"key\":\"caf\u00e9 \u2713\",\"value\":1,\"timestamp\":1}]}",
        "\t{\r\n\"run_id\"\t:\n\"r\"\r}\n",
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
        """{"run_id":"r","metrics":[{"key":"loss","value":01,"timestamp":1}]}""",
        """{"run_id":"r","metrics":[{"key":"loss","value":1.,"timestamp":1}]}""",
        """{"run_id":"r","metrics":[{"key":"loss","value":.5,"timestamp":1}]}""",
        """{"run_id":"r","metrics":[{"key":"loss","value":+1,"timestamp":1}]}""",
        """{"run_id":"r","metrics":[{"key":"loss","value":1e,"timestamp":1}]}""",
        """{"run_id":"r","metrics":[{"key":"loss","value":1e+,"timestamp":1}]}""",
        """{"run_id":"r","metrics":[{"key":"loss","value":-,"timestamp":1}]}""",
        """{"run_id":"r","metrics":[{"key":"loss","value":0x10,"timestamp":1}]}""",
        """{"run_id":"r","metrics":[{"key":"loss","value":1,"timestamp":1e3}]}""",
        """{"run_id":"r","metrics":[{"key":"loss","value":1,"timestamp":99999999999999999999}]}""",
        """{"run_id":"r","metrics":[{"key":"loss","value":1,"timestamp":1},]}""",
        """{"run_id":"r",}""",
        """{"run_id":"r\q"}""",
        """{"run_id":"r\u12"}""",
        """{"run_id":'r'}""",
        """{"run_id":"r"}}""",
        "{\"run_id\":\"a\u0001b\"}",
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
    public void Invalid_UTF8_in_a_string_is_declined()
    {
        byte[] body = [.. "{\"run_id\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        Assert.False(LogBatchJson.TryRead(body, out _));
    }

    /// <summary>
    /// Thousands of random edits of a canonical body: whatever the fast reader accepts, the serializer must read
    /// the same way; whatever the serializer refuses, the fast reader must decline.
    /// </summary>
    [Fact]
    public void Random_edits_are_read_as_the_serializer_reads_them_or_declined()
    {
        var original = Encoding.UTF8.GetBytes("""{"run_id":"r1","metrics":[{"key":"loss","value":-0.25e-1,"timestamp":1700000000000,"step":3},{"key":"a\"b","value":"NaN","timestamp":0}],"params":[{"key":"p","value":"v"}],"tags":[{"key":"t","value":""}]}""");
        byte[] alphabet = [.. "{}[],:\"\\ 0123456789-+.eE\u0001nNaIfity"u8, 0xC3, 0xFF];
        var random = new Random(20261123);
        for (var trial = 0; trial < 20_000; trial++)
        {
            var body = new List<byte>(original);
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(body.Count);
                switch (random.Next(3))
                {
                    case 0: body[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: body.RemoveAt(at); break;
                    default: body.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                }
            }

            var bytes = body.ToArray();
            LogBatchRequest? expected;
            try
            {
                expected = JsonSerializer.Deserialize(bytes, MlflowJsonContext.Wire.LogBatchRequest);
            }
            catch (JsonException)
            {
                expected = null;
            }

            if (LogBatchJson.TryRead(bytes, out var fast))
            {
                Assert.True(expected is not null, $"Accepted what the serializer refuses: {Encoding.UTF8.GetString(bytes)}");
                Assert.Equal(
                    JsonSerializer.Serialize(expected, MlflowJsonContext.Wire.LogBatchRequest),
                    JsonSerializer.Serialize(fast, MlflowJsonContext.Wire.LogBatchRequest));
            }
        }
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
