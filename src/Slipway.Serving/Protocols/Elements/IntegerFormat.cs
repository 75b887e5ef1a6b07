using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Slipway.Serving.Models;

namespace Slipway.Serving.Protocols.Elements;

/// <summary>
/// The integer datatypes, INT8 to UINT64. A JSON number must be an integer in the type's range: 1.0, 1e2 and 300 for
/// INT8 are refused rather than truncated, so a client's mistake is not silently turned into a different input.
/// </summary>
internal readonly struct IntegerFormat<T> : IElementFormat<T>
    where T : struct, IBinaryInteger<T>, IMinMaxValue<T>
{
    public static string Expected { get; } = $"an integer from {T.MinValue} to {T.MaxValue} ({DatatypeName()})";

    public static bool TryRead(ref Utf8JsonReader reader, out T value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return false;
        }

        // Each branch but one is removed when the JIT specialises this method for T.
        if (typeof(T) == typeof(int))
        {
            return reader.TryGetInt32(out Unsafe.As<T, int>(ref value));
        }

        if (typeof(T) == typeof(long))
        {
            return reader.TryGetInt64(out Unsafe.As<T, long>(ref value));
        }

        if (typeof(T) == typeof(sbyte))
        {
            return reader.TryGetSByte(out Unsafe.As<T, sbyte>(ref value));
        }

        if (typeof(T) == typeof(short))
        {
            return reader.TryGetInt16(out Unsafe.As<T, short>(ref value));
        }

        if (typeof(T) == typeof(byte))
        {
            return reader.TryGetByte(out Unsafe.As<T, byte>(ref value));
        }

        if (typeof(T) == typeof(ushort))
        {
            return reader.TryGetUInt16(out Unsafe.As<T, ushort>(ref value));
        }

        if (typeof(T) == typeof(uint))
        {
            return reader.TryGetUInt32(out Unsafe.As<T, uint>(ref value));
        }

        return reader.TryGetUInt64(out Unsafe.As<T, ulong>(ref value));
    }

    public static bool TryParse(ReadOnlySpan<char> text, out T value) =>
        T.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    public static bool TryMissing(out T value)
    {
        value = default;
        return false;
    }

    public static void Write(Utf8JsonWriter writer, T value)
    {
        if (T.IsNegative(T.MinValue))
        {
            writer.WriteNumberValue(long.CreateTruncating(value));
        }
        else
        {
            writer.WriteNumberValue(ulong.CreateTruncating(value));
        }
    }

    private static string DatatypeName() =>
        typeof(T) == typeof(sbyte) ? OipDatatypes.I8
        : typeof(T) == typeof(short) ? OipDatatypes.I16
        : typeof(T) == typeof(int) ? OipDatatypes.I32
        : typeof(T) == typeof(long) ? OipDatatypes.I64
        : typeof(T) == typeof(byte) ? OipDatatypes.U8
        : typeof(T) == typeof(ushort) ? OipDatatypes.U16
        : typeof(T) == typeof(uint) ? OipDatatypes.U32
        : OipDatatypes.U64;
}
