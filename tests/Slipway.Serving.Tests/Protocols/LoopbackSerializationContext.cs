using System.Buffers;
using Grpc.Core;

namespace Slipway.Serving.Tests.Protocols;

/// <summary>Collects what a generated marshaller writes, by either of the two ways a transport offers it.</summary>
internal sealed class LoopbackSerializationContext : SerializationContext
{
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private byte[]? _completed;

    public byte[] Payload => _completed ?? _buffer.WrittenSpan.ToArray();

    public override void Complete(byte[] payload) => _completed = payload;

    public override IBufferWriter<byte> GetBufferWriter() => _buffer;

    public override void SetPayloadLength(int payloadLength)
    {
    }

    public override void Complete()
    {
    }
}
