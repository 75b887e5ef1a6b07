using Slipway.Core.Errors;
using Slipway.Serving.Models;

namespace Slipway.Serving.Inference;

/// <summary>
/// A named tensor with its values, flat in row-major order. <see cref="Data"/> is an array of the element type the
/// datatype names: <c>bool[]</c> (BOOL), <c>byte[]</c> (UINT8), <c>ushort[]</c>, <c>uint[]</c>, <c>ulong[]</c>,
/// <c>sbyte[]</c> (INT8), <c>short[]</c>, <c>int[]</c>, <c>long[]</c>, <c>Half[]</c> (FP16), <c>float[]</c> (FP32),
/// <c>double[]</c> (FP64) or <c>string[]</c> (BYTES, as UTF-8 text). Every protocol decodes into this one shape,
/// and every runtime reads from it.
/// </summary>
public sealed class InferenceTensor
{
    public InferenceTensor(string name, string datatype, long[] shape, Array data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(datatype);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (data.GetType() != TensorArrays.ElementArrayType(datatype))
        {
            throw new ArgumentException($"{datatype} data must be {TensorArrays.ElementArrayType(datatype).Name}, not {data.GetType().Name}.", nameof(data));
        }

        Name = name;
        Datatype = datatype;
        Shape = shape;
        Data = data;
    }

    public string Name { get; }

    /// <summary>An <see cref="OipDatatypes"/> name.</summary>
    public string Datatype { get; }

    public long[] Shape { get; }

    public Array Data { get; }

    /// <summary>The rows in the first dimension (1 for a scalar).</summary>
    public long Rows => Shape.Length == 0 ? 1 : Shape[0];

    /// <summary>The element count the shape implies.</summary>
    public long ShapeElements => TensorArrays.ElementCount(Shape);

    /// <summary>Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> as a tensor of their own.</summary>
    public InferenceTensor SliceRows(long start, long count)
    {
        var perRow = Shape.Length <= 1 ? 1 : TensorArrays.ElementCount(Shape.AsSpan(1));
        var shape = (long[])Shape.Clone();
        if (shape.Length == 0)
        {
            throw SlipwayException.Invalid($"Tensor '{Name}' is a scalar and has no rows to slice.");
        }

        shape[0] = count;
        var data = Array.CreateInstance(Data.GetType().GetElementType()!, count * perRow);
        Array.Copy(Data, start * perRow, data, 0, count * perRow);
        return new InferenceTensor(Name, Datatype, shape, data);
    }

    public override string ToString() => $"{Name} {Datatype}[{string.Join(", ", Shape)}]";
}
