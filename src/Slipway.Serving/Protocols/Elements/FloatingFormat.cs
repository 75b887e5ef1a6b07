using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Slipway.Serving.Models;

namespace Slipway.Serving.Protocols.Elements;

/// <summary>
/// FP16, FP32 and FP64. JSON has no literal for NaN or the infinities, so they travel as the strings
/// <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c> both ways: the response stays JSON every strict parser
/// accepts (Triton's and OpenVINO's writers emit broken JSON for them, Python's json emits bare <c>NaN</c>), and
/// unlike <c>null</c> the three stay distinct. These are the spellings System.Text.Json's
/// <c>AllowNamedFloatingPointLiterals</c> and Python's <c>float()</c> read. A finite number too large for the type
/// (1e39 for FP32, 70000 for FP16) is refused rather than turned into an infinity.
/// </summary>
internal readonly struct FloatingFormat<T> : IElementFormat<T>
    where T : struct, IBinaryFloatingPointIeee754<T>
{
    public static string Expected { get; } = $"a number ({DatatypeName()})";

    public static bool TryRead(ref Utf8JsonReader reader, out T value)
    {
        value = default;
        if (reader.TokenType == JsonTokenType.Number)
        {
            bool read;
            if (typeof(T) == typeof(float))
            {
                read = reader.TryGetSingle(out Unsafe.As<T, float>(ref value));
            }
            else if (typeof(T) == typeof(double))
            {
                read = reader.TryGetDouble(out Unsafe.As<T, double>(ref value));
            }
            else
            {
                read = TryParseNumber(ref reader, out value);
            }

            return read && T.IsFinite(value);
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueTextEquals("NaN"u8))
            {
                value = T.NaN;
                return true;
            }

            if (reader.ValueTextEquals("Infinity"u8))
            {
                value = T.PositiveInfinity;
                return true;
            }

            if (reader.ValueTextEquals("-Infinity"u8))
            {
                value = T.NegativeInfinity;
                return true;
            }
        }

        return false;
    }

    public static bool TryParse(ReadOnlySpan<char> text, out T value)
    {
        text = text.Trim();
        var unsigned = text.StartsWith('-') || text.StartsWith('+') ? text[1..] : text;
        // pandas writes inf and nan; .NET writes Infinity and NaN.
        if (unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase) || unsigned.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = text.StartsWith('-') ? T.NegativeInfinity : T.PositiveInfinity;
            return true;
        }

        if (text.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = T.NaN;
            return true;
        }

        return T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && T.IsFinite(value);
    }

    /// <summary>A missing value is NaN, as pandas makes it.</summary>
    public static bool TryMissing(out T value)
    {
        value = T.NaN;
        return true;
    }

    public static void Write(Utf8JsonWriter writer, T value)
    {
        if (!T.IsFinite(value))
        {
            writer.WriteStringValue(T.IsNaN(value) ? "NaN"u8 : T.IsNegative(value) ? "-Infinity"u8 : "Infinity"u8);
        }
        else if (typeof(T) == typeof(float))
        {
            writer.WriteNumberValue(Unsafe.As<T, float>(ref value));
        }
        else if (typeof(T) == typeof(double))
        {
            writer.WriteNumberValue(Unsafe.As<T, double>(ref value));
        }
        else
        {
            WriteFormatted(writer, value);
        }
    }

    // Parsed from the token's text rather than through double, so that FP16 is rounded once, not twice. Kept apart
    // from TryRead so that its stackalloc does not stop FP32 and FP64 reads from being inlined.
    private static bool TryParseNumber(ref Utf8JsonReader reader, out T value)
    {
        if (!reader.HasValueSequence)
        {
            return T.TryParse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        // A number split across the body's segments: copy it whole first.
        var sequence = reader.ValueSequence;
        Span<byte> text = sequence.Length <= 64 ? stackalloc byte[64] : new byte[sequence.Length];
        text = text[..(int)sequence.Length];
        sequence.CopyTo(text);
        return T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    // Half's shortest round-trip text ("0.1"), not the double it widens to ("0.0999755859375").
    private static void WriteFormatted(Utf8JsonWriter writer, T value)
    {
        Span<byte> text = stackalloc byte[32];
        value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
        writer.WriteRawValue(text[..written], skipInputValidation: true);
    }

    private static string DatatypeName() =>
        typeof(T) == typeof(Half) ? OipDatatypes.Fp16 : typeof(T) == typeof(float) ? OipDatatypes.Fp32 : OipDatatypes.Fp64;
}
