using Google.Protobuf;
using Google.Protobuf.Collections;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;

namespace Slipway.Serving.Protocols.Grpc;

/// <summary>
/// The protocol's typed tensor form (<see cref="InferTensorContents"/>): one repeated field per family of datatypes,
/// INT8, INT16 and INT32 sharing <c>int_contents</c>, UINT8, UINT16 and UINT32 sharing <c>uint_contents</c>, and no
/// field for FP16, which only travels raw. Types whose field holds exactly the tensor's element type (FP32, FP64,
/// INT32, INT64, UINT32, UINT64, BOOL) move as one array copy each way; the narrow integer types are range-checked
/// element by element, as they must be.
/// </summary>
internal static class TypedTensorContents
{
    /// <summary>The field a datatype's values go in, as the protocol names it (for error messages).</summary>
    public static string FieldOf(string datatype) => datatype switch
    {
        OipDatatypes.Bool => "bool_contents",
        OipDatatypes.I8 or OipDatatypes.I16 or OipDatatypes.I32 => "int_contents",
        OipDatatypes.I64 => "int64_contents",
        OipDatatypes.U8 or OipDatatypes.U16 or OipDatatypes.U32 => "uint_contents",
        OipDatatypes.U64 => "uint64_contents",
        OipDatatypes.Fp32 => "fp32_contents",
        OipDatatypes.Fp64 => "fp64_contents",
        OipDatatypes.Bytes => "bytes_contents",
        _ => "raw_input_contents",
    };

    /// <summary>Whether any field holds a value (an empty message, as some clients send beside raw contents, does not).</summary>
    public static bool HasValues(InferTensorContents? contents) =>
        contents is not null && FilledFields(contents).Any();

    /// <summary>Decodes one input's typed contents into the array its datatype calls for.</summary>
    /// <exception cref="SlipwayException">
    /// When the values are in another datatype's field, their count does not fit the shape, or a narrow integer is out
    /// of its datatype's range; the message names the input.
    /// </exception>
    public static Array Read(string name, string datatype, long[] shape, long elements, InferTensorContents? contents)
    {
        contents ??= new InferTensorContents();
        var field = FieldOf(datatype);
        var stray = FilledFields(contents).FirstOrDefault(f => f != field);
        if (stray is not null)
        {
            throw SlipwayException.Invalid(datatype == OipDatatypes.Fp16
                ? $"Input '{name}' is FP16, which has no typed contents field, but has values in {stray}; send FP16 in raw_input_contents."
                : $"Input '{name}' is {datatype}, whose values go in {field}, but has values in {stray}.");
        }

        if (datatype == OipDatatypes.Fp16)
        {
            // No field can hold FP16, so only a tensor with no elements can come without raw contents.
            if (elements != 0)
            {
                throw SlipwayException.Invalid(
                    $"Input '{name}' is FP16, which has no typed contents field; send FP16 in raw_input_contents.");
            }

            return Array.Empty<Half>();
        }

        var count = CountIn(contents, datatype);
        if (count != elements)
        {
            throw SlipwayException.Invalid(
                $"Input '{name}' has {count} values in {field} but its shape [{string.Join(", ", shape)}] needs {elements}.");
        }

        return datatype switch
        {
            OipDatatypes.Bool => CopyOut(contents.BoolContents),
            OipDatatypes.I32 => CopyOut(contents.IntContents),
            OipDatatypes.I64 => CopyOut(contents.Int64Contents),
            OipDatatypes.U32 => CopyOut(contents.UintContents),
            OipDatatypes.U64 => CopyOut(contents.Uint64Contents),
            OipDatatypes.Fp32 => CopyOut(contents.Fp32Contents),
            OipDatatypes.Fp64 => CopyOut(contents.Fp64Contents),
            OipDatatypes.I8 => Narrow(name, datatype, contents.IntContents, sbyte.MinValue, sbyte.MaxValue, v => (sbyte)v),
            OipDatatypes.I16 => Narrow(name, datatype, contents.IntContents, short.MinValue, short.MaxValue, v => (short)v),
            OipDatatypes.U8 => Narrow(name, datatype, contents.UintContents, byte.MinValue, byte.MaxValue, v => (byte)v),
            OipDatatypes.U16 => Narrow(name, datatype, contents.UintContents, ushort.MinValue, ushort.MaxValue, v => (ushort)v),
            OipDatatypes.Bytes => ReadText(name, contents.BytesContents),
            _ => throw new InvalidOperationException($"Datatype {datatype} was not checked before decoding."),
        };
    }

    /// <summary>Writes one tensor's values into the field its datatype calls for.</summary>
    /// <exception cref="ArgumentException">For FP16, which has no typed form: the caller answers raw instead.</exception>
    public static InferTensorContents Write(InferenceTensor tensor)
    {
        // Switched on the datatype, not the array: the runtime lets an int[] pass as uint[] (and byte[] as sbyte[],
        // long[] as ulong[] ...), so a type pattern would put UINT32 values in int_contents.
        var contents = new InferTensorContents();
        var data = tensor.Data;
        switch (tensor.Datatype)
        {
            case OipDatatypes.Bool:
                contents.BoolContents.AddRange((bool[])data);
                break;
            case OipDatatypes.I32:
                contents.IntContents.AddRange((int[])data);
                break;
            case OipDatatypes.I64:
                contents.Int64Contents.AddRange((long[])data);
                break;
            case OipDatatypes.U32:
                contents.UintContents.AddRange((uint[])data);
                break;
            case OipDatatypes.U64:
                contents.Uint64Contents.AddRange((ulong[])data);
                break;
            case OipDatatypes.Fp32:
                contents.Fp32Contents.AddRange((float[])data);
                break;
            case OipDatatypes.Fp64:
                contents.Fp64Contents.AddRange((double[])data);
                break;
            case OipDatatypes.I8:
                contents.IntContents.AddRange(Array.ConvertAll((sbyte[])data, v => (int)v));
                break;
            case OipDatatypes.I16:
                contents.IntContents.AddRange(Array.ConvertAll((short[])data, v => (int)v));
                break;
            case OipDatatypes.U8:
                contents.UintContents.AddRange(Array.ConvertAll((byte[])data, v => (uint)v));
                break;
            case OipDatatypes.U16:
                contents.UintContents.AddRange(Array.ConvertAll((ushort[])data, v => (uint)v));
                break;
            case OipDatatypes.Bytes:
                contents.BytesContents.AddRange(Array.ConvertAll((string[])data, ByteString.CopyFromUtf8));
                break;
            default:
                throw new ArgumentException(
                    $"Output '{tensor.Name}' is {tensor.Datatype}, which has no typed contents field; it is sent raw.", nameof(tensor));
        }

        return contents;
    }

    // RepeatedField.CopyTo is an Array.Copy of its backing array; AddRange of an array is the same the other way.
    private static T[] CopyOut<T>(RepeatedField<T> field)
    {
        var values = new T[field.Count];
        field.CopyTo(values, 0);
        return values;
    }

    private static T[] Narrow<TWide, T>(string name, string datatype, RepeatedField<TWide> field, long min, long max, Func<TWide, T> convert)
        where TWide : struct, IConvertible
    {
        var values = new T[field.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var value = field[i];
            var wide = value.ToInt64(null);
            if (wide < min || wide > max)
            {
                throw SlipwayException.Invalid(
                    $"Input '{name}' value {wide} at index {i} is out of range for {datatype} ({min} to {max}).");
            }

            values[i] = convert(value);
        }

        return values;
    }

    private static string[] ReadText(string name, RepeatedField<ByteString> field)
    {
        var values = new string[field.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = RawTensorContents.DecodeUtf8(name, i, field[i].Span);
        }

        return values;
    }

    private static int CountIn(InferTensorContents contents, string datatype) => datatype switch
    {
        OipDatatypes.Bool => contents.BoolContents.Count,
        OipDatatypes.I8 or OipDatatypes.I16 or OipDatatypes.I32 => contents.IntContents.Count,
        OipDatatypes.I64 => contents.Int64Contents.Count,
        OipDatatypes.U8 or OipDatatypes.U16 or OipDatatypes.U32 => contents.UintContents.Count,
        OipDatatypes.U64 => contents.Uint64Contents.Count,
        OipDatatypes.Fp32 => contents.Fp32Contents.Count,
        OipDatatypes.Fp64 => contents.Fp64Contents.Count,
        OipDatatypes.Bytes => contents.BytesContents.Count,
        _ => 0,
    };

    private static IEnumerable<string> FilledFields(InferTensorContents contents)
    {
        if (contents.BoolContents.Count > 0)
        {
            yield return "bool_contents";
        }

        if (contents.IntContents.Count > 0)
        {
            yield return "int_contents";
        }

        if (contents.Int64Contents.Count > 0)
        {
            yield return "int64_contents";
        }

        if (contents.UintContents.Count > 0)
        {
            yield return "uint_contents";
        }

        if (contents.Uint64Contents.Count > 0)
        {
            yield return "uint64_contents";
        }

        if (contents.Fp32Contents.Count > 0)
        {
            yield return "fp32_contents";
        }

        if (contents.Fp64Contents.Count > 0)
        {
            yield return "fp64_contents";
        }

        if (contents.BytesContents.Count > 0)
        {
            yield return "bytes_contents";
        }
    }
}
