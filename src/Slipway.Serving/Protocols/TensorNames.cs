using System.Text.Json;

namespace Slipway.Serving.Protocols;

/// <summary>
/// Tensor names read from request bodies, kept so that the few names a server sees again and again ("x", "input_1")
/// are not allocated as new strings on every request. A small table with one name per slot: two names that share a
/// slot replace each other, which costs an allocation and never a wrong answer, since a hit is checked byte for byte.
/// </summary>
internal static class TensorNames
{
    private const int Slots = 256;

    // Reads and writes of one reference are atomic, so racing requests at worst miss the table.
    private static readonly string?[] Table = new string?[Slots];

    /// <summary>The string token's text; the reader must be on a <see cref="JsonTokenType.String"/> token.</summary>
    public static string Read(ref Utf8JsonReader reader)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > 64)
        {
            return reader.GetString()!;
        }

        var slot = Slot(reader.ValueSpan);
        if (Table[slot] is { } known && reader.ValueTextEquals(known))
        {
            return known;
        }

        var name = reader.GetString()!;
        Table[slot] = name;
        return name;
    }

    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        var hash = 2166136261u;
        foreach (var b in utf8)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)((hash ^ (hash >> 16)) % Slots);
    }
}
