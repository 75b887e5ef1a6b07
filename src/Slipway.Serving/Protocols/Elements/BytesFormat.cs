using System.Text.Json;

namespace Slipway.Serving.Protocols.Elements;

/// <summary>BYTES as UTF-8 text: a JSON string (unescaped), or a CSV cell as it stands.</summary>
internal readonly struct BytesFormat : IElementFormat<string>
{
    public static string Expected => "a string (BYTES)";

    public static bool TryRead(ref Utf8JsonReader reader, out string value)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            value = reader.GetString()!;
            return true;
        }

        value = string.Empty;
        return false;
    }

    public static bool TryParse(ReadOnlySpan<char> text, out string value)
    {
        value = text.ToString();
        return true;
    }

    public static bool TryMissing(out string value)
    {
        value = string.Empty;
        return false;
    }

    public static void Write(Utf8JsonWriter writer, string value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
