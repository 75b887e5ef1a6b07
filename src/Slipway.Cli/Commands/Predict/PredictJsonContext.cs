using System.Text.Json.Serialization;

namespace Slipway.Cli.Commands.Predict;

/// <summary>Serializer for <c>slipway predict --output json</c>: snake_case, indented.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PredictResult))]
internal sealed partial class PredictJsonContext : JsonSerializerContext;
