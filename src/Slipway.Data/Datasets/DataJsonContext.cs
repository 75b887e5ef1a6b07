using System.Text.Json.Serialization;

namespace Slipway.Data.Datasets;

/// <summary>How the data area stores its JSON (version metadata): snake_case like every Slipway API, nulls left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VersionMetadata))]
internal sealed partial class DataJsonContext : JsonSerializerContext
{
}
