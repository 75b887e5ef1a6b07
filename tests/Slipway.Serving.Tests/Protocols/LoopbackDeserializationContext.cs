using System.Buffers;
using Grpc.Core;

namespace Slipway.Serving.Tests.Protocols;

/// <summary>Hands a generated marshaller a received payload, by either of the two ways a transport offers it.</summary>
internal sealed class LoopbackDeserializationContext(byte[] payload) : DeserializationContext
{
    public override int PayloadLength => payload.Length;

    public override byte[] PayloadAsNewBuffer() => (byte[])payload.Clone();

    public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => new(payload);
}
