using System.Text.Json.Serialization;

namespace Slipway.Client.Models;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ModelCacheManifest))]
internal sealed partial class ModelCacheJsonContext : JsonSerializerContext;
