using System.Text.Json;
using System.Text.Json.Serialization;
using Slipway.Core.Data;

namespace Slipway.Cli.Commands.Data;

/// <summary>Writes a content hash as its 64 hex digits, as the API spells it.</summary>
internal sealed class ContentHashJsonConverter : JsonConverter<ContentHash>
{
    public override ContentHash Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ContentHash.Parse(reader.GetString());

    public override void Write(Utf8JsonWriter writer, ContentHash value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Hex);
    }
}
