using System.Collections;
using System.Globalization;
using System.Text.Json;
using Slipway.Core.Errors;

namespace Slipway.Serving.Protocols;

/// <summary>
/// The free-form <c>parameters</c> of a V2 request or response (and MLflow's <c>params</c>). Values are kept as
/// <see cref="string"/>, <see cref="bool"/>, <see cref="long"/> (an integer that fits) or <see cref="double"/>, null,
/// or an <c>object?[]</c> of those for a list; a nested object is refused, since no runtime here reads one.
/// </summary>
internal static class ParameterValues
{
    /// <summary>Reads the object the reader is on; <paramref name="what"/> names it in errors ("parameters").</summary>
    public static Dictionary<string, object?> Read(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw SlipwayException.Invalid($"'{what}' must be an object, not {JsonTokens.Describe(ref reader)}.");
        }

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                var items = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, what, name));
                }

                values[name] = items.ToArray();
            }
            else
            {
                values[name] = ReadValue(ref reader, what, name);
            }
        }

        return values;
    }

    public static void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> values)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in values)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    }

    private static object? ReadValue(ref Utf8JsonReader reader, string what, string name) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        JsonTokenType.Number when reader.TryGetInt64(out var whole) => whole,
        JsonTokenType.Number => reader.GetDouble(),
        _ => throw SlipwayException.Invalid(
            $"'{what}' value '{name}' is {JsonTokens.Describe(ref reader)}; values are strings, numbers, booleans or lists of them."),
    };

    // NaN and the infinities as strings, as tensor data writes them (see FloatingFormat).
    private static void WriteReal(Utf8JsonWriter writer, double real)
    {
        if (double.IsFinite(real))
        {
            writer.WriteNumberValue(real);
        }
        else
        {
            writer.WriteStringValue(real.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case long or int or short or sbyte or byte or ushort or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong large:
                writer.WriteNumberValue(large);
                break;
            case double real:
                WriteReal(writer, real);
                break;
            case float real:
                WriteReal(writer, real);
                break;
            case Half real:
                WriteReal(writer, (double)real);
                break;
            case decimal exact:
                writer.WriteNumberValue(exact);
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                // Anything else a runtime put there (a Guid, a date) as its invariant text rather than a failed response.
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
