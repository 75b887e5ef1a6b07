using System.Text;
using System.Text.Json;
using Slipway.Core.Errors;
using Slipway.Serving.Models;

namespace Slipway.Serving.Protocols.Elements;

/// <summary>
/// One protocol datatype's reading and writing, chosen once per tensor so that the work per element runs in code
/// specialised for its element type (<see cref="TypedElementKind{T, TFormat}"/>).
/// </summary>
internal abstract class ElementKind
{
    private static readonly ElementKind[] Kinds =
    [
        new TypedElementKind<bool, BoolFormat>(OipDatatypes.Bool),
        new TypedElementKind<byte, IntegerFormat<byte>>(OipDatatypes.U8),
        new TypedElementKind<ushort, IntegerFormat<ushort>>(OipDatatypes.U16),
        new TypedElementKind<uint, IntegerFormat<uint>>(OipDatatypes.U32),
        new TypedElementKind<ulong, IntegerFormat<ulong>>(OipDatatypes.U64),
        new TypedElementKind<sbyte, IntegerFormat<sbyte>>(OipDatatypes.I8),
        new TypedElementKind<short, IntegerFormat<short>>(OipDatatypes.I16),
        new TypedElementKind<int, IntegerFormat<int>>(OipDatatypes.I32),
        new TypedElementKind<long, IntegerFormat<long>>(OipDatatypes.I64),
        new TypedElementKind<Half, FloatingFormat<Half>>(OipDatatypes.Fp16),
        new TypedElementKind<float, FloatingFormat<float>>(OipDatatypes.Fp32),
        new TypedElementKind<double, FloatingFormat<double>>(OipDatatypes.Fp64),
        new TypedElementKind<string, BytesFormat>(OipDatatypes.Bytes),
    ];

    private readonly byte[] _utf8Name;

    protected ElementKind(string datatype)
    {
        Datatype = datatype;
        _utf8Name = Encoding.UTF8.GetBytes(datatype);
    }

    /// <summary>The <see cref="OipDatatypes"/> constant.</summary>
    public string Datatype { get; }

    /// <summary>The kind for a datatype a tensor or signature already carries.</summary>
    /// <exception cref="SlipwayException">For a name the protocol does not define.</exception>
    public static ElementKind For(string datatype)
    {
        foreach (var kind in Kinds)
        {
            if (kind.Datatype == datatype)
            {
                return kind;
            }
        }

        throw SlipwayException.Invalid($"Unknown datatype '{datatype}': expected one of {string.Join(", ", OipDatatypes.All)}.");
    }

    /// <summary>The kind the reader's current string token names, compared without allocating; null when it names none.</summary>
    public static ElementKind? Match(ref Utf8JsonReader reader)
    {
        foreach (var kind in Kinds)
        {
            if (reader.ValueTextEquals(kind._utf8Name))
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads a V2 input's <c>data</c> (the reader on its first token) into an array of <paramref name="count"/>
    /// elements, or only checks it when <paramref name="allocate"/> is false (a shape too large for the body).
    /// </summary>
    public abstract Array? ReadV2Data(ref Utf8JsonReader reader, string input, long[] shape, long count, bool allocate);

    public abstract ElementBuffer CreateBuffer();

    public abstract void WriteFlat(Utf8JsonWriter writer, Array data);

    /// <summary>Writes the elements from <paramref name="start"/> as nested lists of <paramref name="dims"/> (one value when empty).</summary>
    public abstract void WriteNested(Utf8JsonWriter writer, Array data, long start, ReadOnlySpan<long> dims);
}
