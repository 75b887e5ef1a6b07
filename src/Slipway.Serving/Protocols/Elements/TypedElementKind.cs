using System.Text.Json;
using Slipway.Serving.Inference;

namespace Slipway.Serving.Protocols.Elements;

/// <summary>An <see cref="ElementKind"/> for element type <typeparamref name="T"/>, read and written by <typeparamref name="TFormat"/>.</summary>
internal sealed class TypedElementKind<T, TFormat>(string datatype) : ElementKind(datatype)
    where TFormat : IElementFormat<T>
{
    public override Array? ReadV2Data(ref Utf8JsonReader reader, string input, long[] shape, long count, bool allocate) =>
        V2DataReader.Read<T, TFormat>(ref reader, input, shape, count, allocate);

    public override ElementBuffer CreateBuffer() => new TypedElementBuffer<T, TFormat>();

    public override void WriteFlat(Utf8JsonWriter writer, Array data)
    {
        writer.WriteStartArray();
        foreach (var value in (T[])data)
        {
            TFormat.Write(writer, value);
        }

        writer.WriteEndArray();
    }

    public override void WriteNested(Utf8JsonWriter writer, Array data, long start, ReadOnlySpan<long> dims) =>
        WriteNested(writer, (T[])data, start, dims);

    private static void WriteNested(Utf8JsonWriter writer, T[] data, long start, ReadOnlySpan<long> dims)
    {
        if (dims.IsEmpty)
        {
            TFormat.Write(writer, data[start]);
            return;
        }

        var stride = TensorArrays.ElementCount(dims[1..]);
        writer.WriteStartArray();
        for (long i = 0; i < dims[0]; i++)
        {
            WriteNested(writer, data, start + (i * stride), dims[1..]);
        }

        writer.WriteEndArray();
    }
}
