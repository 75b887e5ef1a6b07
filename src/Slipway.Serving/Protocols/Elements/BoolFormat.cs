using System.Text.Json;

namespace Slipway.Serving.Protocols.Elements;

/// <summary>BOOL: JSON true and false; in CSV also True/FALSE (any case) and 1/0, as pandas reads them.</summary>
internal readonly struct BoolFormat : IElementFormat<bool>
{
    public static string Expected => "true or false (BOOL)";

    public static bool TryRead(ref Utf8JsonReader reader, out bool value)
    {
        value = reader.TokenType == JsonTokenType.True;
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
    }

    public static bool TryParse(ReadOnlySpan<char> text, out bool value)
    {
        text = text.Trim();
        value = text.Equals("true", StringComparison.OrdinalIgnoreCase) || text is "1";
        return value || text.Equals("false", StringComparison.OrdinalIgnoreCase) || text is "0";
    }

    public static bool TryMissing(out bool value)
    {
        value = false;
        return false;
    }

    public static void Write(Utf8JsonWriter writer, bool value) => writer.WriteBooleanValue(value);
}
