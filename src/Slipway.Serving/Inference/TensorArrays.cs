using Slipway.Core.Errors;
using Slipway.Serving.Models;

namespace Slipway.Serving.Inference;

/// <summary>The .NET arrays that carry each protocol datatype, and the arithmetic of shapes.</summary>
public static class TensorArrays
{
    /// <summary>The array type <see cref="InferenceTensor.Data"/> has for <paramref name="datatype"/>.</summary>
    /// <exception cref="SlipwayException">For a name the protocol does not define.</exception>
    public static Type ElementArrayType(string datatype) => datatype switch
    {
        OipDatatypes.Bool => typeof(bool[]),
        OipDatatypes.U8 => typeof(byte[]),
        OipDatatypes.U16 => typeof(ushort[]),
        OipDatatypes.U32 => typeof(uint[]),
        OipDatatypes.U64 => typeof(ulong[]),
        OipDatatypes.I8 => typeof(sbyte[]),
        OipDatatypes.I16 => typeof(short[]),
        OipDatatypes.I32 => typeof(int[]),
        OipDatatypes.I64 => typeof(long[]),
        OipDatatypes.Fp16 => typeof(Half[]),
        OipDatatypes.Fp32 => typeof(float[]),
        OipDatatypes.Fp64 => typeof(double[]),
        OipDatatypes.Bytes => typeof(string[]),
        _ => throw SlipwayException.Invalid($"Unknown datatype '{datatype}': expected one of {string.Join(", ", OipDatatypes.All)}."),
    };

    /// <summary>An empty array of <paramref name="length"/> elements for <paramref name="datatype"/>.</summary>
    public static Array Create(string datatype, long length) =>
        Array.CreateInstance(ElementArrayType(datatype).GetElementType()!, length);

    /// <summary>The product of the dimensions (1 for a scalar).</summary>
    /// <exception cref="SlipwayException">For a negative dimension.</exception>
    public static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                throw SlipwayException.Invalid($"Shape [{string.Join(", ", shape.ToArray())}] has a negative dimension.");
            }

            count = checked(count * dimension);
        }

        return count;
    }

    /// <summary>Bytes one element takes in the protocol's raw binary form (0 for BYTES, whose elements are length-prefixed).</summary>
    public static int ElementSize(string datatype) => datatype switch
    {
        OipDatatypes.Bool or OipDatatypes.U8 or OipDatatypes.I8 => 1,
        OipDatatypes.U16 or OipDatatypes.I16 or OipDatatypes.Fp16 => 2,
        OipDatatypes.U32 or OipDatatypes.I32 or OipDatatypes.Fp32 => 4,
        OipDatatypes.U64 or OipDatatypes.I64 or OipDatatypes.Fp64 => 8,
        OipDatatypes.Bytes => 0,
        _ => throw SlipwayException.Invalid($"Unknown datatype '{datatype}': expected one of {string.Join(", ", OipDatatypes.All)}."),
    };

    /// <summary>Joins tensors of one name and datatype along the first dimension (the batcher's combine).</summary>
    public static InferenceTensor ConcatRows(IReadOnlyList<InferenceTensor> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 1)
        {
            return parts[0];
        }

        var first = parts[0];
        long rows = 0;
        long length = 0;
        foreach (var part in parts)
        {
            rows += part.Rows;
            length += part.Data.LongLength;
        }

        var data = Create(first.Datatype, length);
        long offset = 0;
        foreach (var part in parts)
        {
            Array.Copy(part.Data, 0, data, offset, part.Data.LongLength);
            offset += part.Data.LongLength;
        }

        var shape = (long[])first.Shape.Clone();
        shape[0] = rows;
        return new InferenceTensor(first.Name, first.Datatype, shape, data);
    }
}
