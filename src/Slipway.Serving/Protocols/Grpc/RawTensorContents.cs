using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;

namespace Slipway.Serving.Protocols.Grpc;

/// <summary>
/// The protocol's raw tensor form (<c>raw_input_contents</c>, <c>raw_output_contents</c>): the elements flat in
/// row-major order, little-endian with no padding; BYTES elements each as a 4-byte little-endian length and then their
/// UTF-8 bytes. Fixed-size types move as one block copy between the message's bytes and the tensor's array, since a
/// request of a thousand rows would otherwise spend more time in a per-element loop than in the model.
/// </summary>
internal static class RawTensorContents
{
    private const int LengthPrefixSize = sizeof(int);

    // Strict: a tensor of text cannot hold arbitrary binary, and replacing bad bytes with U+FFFD would change the
    // caller's data without a word.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes one input's raw bytes into the array its datatype calls for.</summary>
    /// <exception cref="SlipwayException">When the byte count does not fit the shape and datatype, naming the input.</exception>
    public static Array Read(string name, string datatype, long[] shape, long elements, ReadOnlySpan<byte> bytes)
    {
        if (datatype == OipDatatypes.Bytes)
        {
            return ReadText(name, shape, elements, bytes);
        }

        var size = TensorArrays.ElementSize(datatype);
        var expected = elements * size;
        if (bytes.Length != expected)
        {
            throw SlipwayException.Invalid(
                $"Input '{name}' has {bytes.Length} bytes of raw contents but {datatype} shape [{string.Join(", ", shape)}] needs {expected} " +
                $"({elements} elements of {size} byte{(size == 1 ? string.Empty : "s")}).");
        }

        var values = TensorArrays.Create(datatype, elements);
        var target = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(values), bytes.Length);
        bytes.CopyTo(target);
        if (datatype == OipDatatypes.Bool)
        {
            // A .NET bool must be 0 or 1; senders that write any non-zero byte for true (as C does) are read as true.
            foreach (ref var b in target)
            {
                b = b == 0 ? (byte)0 : (byte)1;
            }
        }

        ToOrFromLittleEndian(target, size);
        return values;
    }

    /// <summary>Encodes one tensor's values in raw form.</summary>
    public static ByteString Write(InferenceTensor tensor)
    {
        if (tensor.Datatype == OipDatatypes.Bytes)
        {
            return WriteText((string[])tensor.Data);
        }

        var size = TensorArrays.ElementSize(tensor.Datatype);
        var source = MemoryMarshal.CreateReadOnlySpan(
            ref MemoryMarshal.GetArrayDataReference(tensor.Data), checked((int)(tensor.Data.LongLength * size)));
        if (BitConverter.IsLittleEndian || size == 1)
        {
            return ByteString.CopyFrom(source);
        }

        var bytes = source.ToArray();
        ToOrFromLittleEndian(bytes, size);
        return UnsafeByteOperations.UnsafeWrap(bytes);
    }

    private static string[] ReadText(string name, long[] shape, long elements, ReadOnlySpan<byte> bytes)
    {
        // Every element takes at least its 4-byte length, so a shape that claims more elements than that allows is
        // refused before the array is allocated.
        if (elements > bytes.Length / LengthPrefixSize)
        {
            throw SlipwayException.Invalid(
                $"Input '{name}' has {bytes.Length} bytes of raw BYTES contents, too few for the {elements} elements " +
                $"its shape [{string.Join(", ", shape)}] needs (each takes a {LengthPrefixSize}-byte length and then its bytes).");
        }

        var values = new string[elements];
        var offset = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (bytes.Length - offset < LengthPrefixSize)
            {
                throw SlipwayException.Invalid(
                    $"Input '{name}' raw BYTES contents end after {i} of the {elements} elements its shape [{string.Join(", ", shape)}] needs.");
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);
            offset += LengthPrefixSize;
            if (length > (uint)(bytes.Length - offset))
            {
                throw SlipwayException.Invalid(
                    $"Input '{name}' raw BYTES element {i} says it has {length} bytes but only {bytes.Length - offset} remain.");
            }

            values[i] = DecodeUtf8(name, i, bytes.Slice(offset, (int)length));
            offset += (int)length;
        }

        if (offset != bytes.Length)
        {
            throw SlipwayException.Invalid(
                $"Input '{name}' raw BYTES contents have {bytes.Length - offset} bytes left over after the {elements} elements " +
                $"its shape [{string.Join(", ", shape)}] needs.");
        }

        return values;
    }

    private static ByteString WriteText(string[] values)
    {
        long total = (long)values.Length * LengthPrefixSize;
        foreach (var value in values)
        {
            total += Encoding.UTF8.GetByteCount(value);
        }

        var bytes = new byte[checked((int)total)];
        var span = bytes.AsSpan();
        foreach (var value in values)
        {
            var written = Encoding.UTF8.GetBytes(value, span[LengthPrefixSize..]);
            BinaryPrimitives.WriteInt32LittleEndian(span, written);
            span = span[(LengthPrefixSize + written)..];
        }

        // The array is ours alone and is never written again, so the message may hold it without a second copy.
        return UnsafeByteOperations.UnsafeWrap(bytes);
    }

    /// <summary>UTF-8 text of one BYTES element, refusing bytes that are not UTF-8 with the input and element named.</summary>
    internal static string DecodeUtf8(string name, int index, ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw SlipwayException.Invalid(
                $"Input '{name}' BYTES element {index} is not UTF-8 text; Slipway's BYTES tensors carry text.");
        }
    }

    /// <summary>Swaps each element's byte order on a big-endian machine; the protocol's raw form is little-endian.</summary>
    private static void ToOrFromLittleEndian(Span<byte> bytes, int size)
    {
        if (BitConverter.IsLittleEndian)
        {
            return;
        }

        switch (size)
        {
            case 2:
                var halves = MemoryMarshal.Cast<byte, ushort>(bytes);
                BinaryPrimitives.ReverseEndianness(halves, halves);
                break;
            case 4:
                var words = MemoryMarshal.Cast<byte, uint>(bytes);
                BinaryPrimitives.ReverseEndianness(words, words);
                break;
            case 8:
                var doubleWords = MemoryMarshal.Cast<byte, ulong>(bytes);
                BinaryPrimitives.ReverseEndianness(doubleWords, doubleWords);
                break;
            default:
                break;
        }
    }
}
