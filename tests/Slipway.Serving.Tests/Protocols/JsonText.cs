using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Slipway.Core.Errors;

namespace Slipway.Serving.Tests.Protocols;

/// <summary>Writes through a protocol writer to a string, and turns test strings into request bodies.</summary>
internal static class JsonText
{
    public static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>The body split into segments of <paramref name="size"/> bytes, as a pipe can hand it over.</summary>
    public static ReadOnlySequence<byte> Segmented(string json, int size)
    {
        var bytes = Bytes(json);
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            var segment = new Segment(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)), last);
            first ??= segment;
            last = segment;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    /// <summary>The message of the INVALID_PARAMETER_VALUE error <paramref name="action"/> throws.</summary>
    public static string Refusal(Action action)
    {
        var error = Assert.Throws<SlipwayException>(action);
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        return error.Message;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, Segment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
