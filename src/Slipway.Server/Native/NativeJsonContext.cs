using System.Text.Json.Serialization;
using Slipway.Server.Mlflow.Contracts;

namespace Slipway.Server.Native;

/// <summary>Serializers for the native API, with the same conventions as the MLflow adapter.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ServerInfoResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(RunLineageResponse))]
[JsonSerializable(typeof(ModelVersionLineageResponse))]
[JsonSerializable(typeof(ResolveModelResponse))]
[JsonSerializable(typeof(ErrorDto))]
public sealed partial class NativeJsonContext : JsonSerializerContext
{
}
