using System.Buffers;
using System.Text;
using System.Text.Json;
using Slipway.Core.Errors;

namespace Slipway.Serving.Protocols;

/// <summary>What the protocol readers share about JSON tokens: how a token is shown in an error, and how a reader's own error becomes one.</summary>
internal static class JsonTokens
{
    private const int ShownLength = 40;

    /// <summary>The token as an error message shows it: <c>"abc"</c>, <c>1.5</c>, <c>null</c>, <c>a list</c>, <c>an object</c>.</summary>
    public static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => Quote(reader.GetString()!),
        JsonTokenType.Number => Shorten(Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan)),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.StartObject => "an object",
        _ => reader.TokenType.ToString(),
    };

    /// <summary>Text as an error message shows it: in quotes, cut short past 40 characters.</summary>
    public static string Quote(string text) => $"\"{Shorten(text)}\"";

    /// <summary>Whether the token is a single value rather than the start of a list or object.</summary>
    public static bool IsValue(JsonTokenType type) =>
        type is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null;

    /// <summary>The reader's own error, as "Malformed JSON at byte 17: ..." without its LineNumber suffix.</summary>
    public static SlipwayException Malformed(JsonException error)
    {
        var reason = error.Message;
        var suffix = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (suffix >= 0)
        {
            reason = reason[..suffix];
        }

        var where = error.LineNumber is null or 0
            ? $"byte {error.BytePositionInLine ?? 0}"
            : $"line {error.LineNumber + 1}, byte {error.BytePositionInLine ?? 0}";
        return SlipwayException.Invalid($"Malformed JSON at {where}: {reason}");
    }

    /// <summary>A reader over a whole body, refusing an empty one with a message that says what was expected.</summary>
    public static Utf8JsonReader Open(ReadOnlySpan<byte> body, string expected)
    {
        if (IsBlank(body))
        {
            throw SlipwayException.Invalid($"The request body is empty; expected {expected}.");
        }

        return new Utf8JsonReader(body);
    }

    /// <inheritdoc cref="Open(ReadOnlySpan{byte}, string)"/>
    public static Utf8JsonReader Open(ReadOnlySequence<byte> body, string expected)
    {
        if (body.IsSingleSegment ? IsBlank(body.FirstSpan) : body.Length == 0)
        {
            throw SlipwayException.Invalid($"The request body is empty; expected {expected}.");
        }

        return new Utf8JsonReader(body);
    }

    /// <summary>Moves to the body's first token, which must start an object.</summary>
    public static void ReadStartObject(ref Utf8JsonReader reader, string expected)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw SlipwayException.Invalid($"The request body must be {expected}, not {Describe(ref reader)}.");
        }
    }

    /// <summary>Reads past the end of the body's object: trailing content after it is malformed JSON.</summary>
    public static void ReadEnd(ref Utf8JsonReader reader) => reader.Read();

    /// <summary>Moves to the next token and returns it as a string, or null when it is not one (see <see cref="NotString"/>).</summary>
    public static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    /// <summary>The error for a token that should have been a string; <paramref name="what"/> names the field ("'id'").</summary>
    public static SlipwayException NotString(ref Utf8JsonReader reader, string what) =>
        SlipwayException.Invalid($"{what} must be a string, not {Describe(ref reader)}.");

    private static bool IsBlank(ReadOnlySpan<byte> body) => body.TrimStart(" \t\r\n"u8).IsEmpty;

    private static string Shorten(string text) => text.Length <= ShownLength ? text : string.Concat(text.AsSpan(0, ShownLength), "...");
}
