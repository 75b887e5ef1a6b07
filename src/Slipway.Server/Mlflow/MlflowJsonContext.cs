using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Slipway.Server.Mlflow.Contracts;

namespace Slipway.Server.Mlflow;

/// <summary>
/// Source-generated serializers for MLflow's wire format: snake_case names, int64 accepted as strings
/// (protobuf JSON), NaN and infinities as the strings MLflow writes, unset fields omitted.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(ErrorDto))]
[JsonSerializable(typeof(EmptyDto))]
[JsonSerializable(typeof(CreateExperimentRequest))]
[JsonSerializable(typeof(CreateExperimentResponse))]
[JsonSerializable(typeof(ExperimentIdRequest))]
[JsonSerializable(typeof(GetExperimentByNameRequest))]
[JsonSerializable(typeof(ExperimentResponse))]
[JsonSerializable(typeof(SearchExperimentsRequest))]
[JsonSerializable(typeof(SearchExperimentsResponse))]
[JsonSerializable(typeof(UpdateExperimentRequest))]
[JsonSerializable(typeof(SetExperimentTagRequest))]
[JsonSerializable(typeof(CreateRunRequest))]
[JsonSerializable(typeof(RunResponse))]
[JsonSerializable(typeof(UpdateRunRequest))]
[JsonSerializable(typeof(UpdateRunResponse))]
[JsonSerializable(typeof(RunIdRequest))]
[JsonSerializable(typeof(LogMetricRequest))]
[JsonSerializable(typeof(LogParamRequest))]
[JsonSerializable(typeof(SetTagRequest))]
[JsonSerializable(typeof(DeleteTagRequest))]
[JsonSerializable(typeof(LogBatchRequest))]
[JsonSerializable(typeof(LogInputsRequest))]
[JsonSerializable(typeof(LogModelRequest))]
[JsonSerializable(typeof(SearchRunsRequest))]
[JsonSerializable(typeof(SearchRunsResponse))]
[JsonSerializable(typeof(GetMetricHistoryRequest))]
[JsonSerializable(typeof(GetMetricHistoryResponse))]
[JsonSerializable(typeof(GetMetricHistoryBulkIntervalRequest))]
[JsonSerializable(typeof(GetMetricHistoryBulkIntervalResponse))]
[JsonSerializable(typeof(ListArtifactsRequest))]
[JsonSerializable(typeof(ListArtifactsResponse))]
[JsonSerializable(typeof(ListProxiedArtifactsResponse))]
[JsonSerializable(typeof(CreateRegisteredModelRequest))]
[JsonSerializable(typeof(RegisteredModelNameRequest))]
[JsonSerializable(typeof(RenameRegisteredModelRequest))]
[JsonSerializable(typeof(UpdateRegisteredModelRequest))]
[JsonSerializable(typeof(RegisteredModelResponse))]
[JsonSerializable(typeof(SearchRegistryRequest))]
[JsonSerializable(typeof(SearchRegisteredModelsResponse))]
[JsonSerializable(typeof(GetLatestVersionsRequest))]
[JsonSerializable(typeof(ModelVersionsResponse))]
[JsonSerializable(typeof(RegistryTagRequest))]
[JsonSerializable(typeof(CreateModelVersionRequest))]
[JsonSerializable(typeof(ModelVersionRequest))]
[JsonSerializable(typeof(ModelVersionResponse))]
[JsonSerializable(typeof(TransitionStageRequest))]
[JsonSerializable(typeof(AliasRequest))]
[JsonSerializable(typeof(DownloadUriResponse))]
[JsonSerializable(typeof(MlflowUserRequest))]
[JsonSerializable(typeof(MlflowUserResponse))]
[JsonSerializable(typeof(MlflowPermissionRequest))]
[JsonSerializable(typeof(MlflowExperimentPermissionResponse))]
[JsonSerializable(typeof(MlflowRegisteredModelPermissionResponse))]
public sealed partial class MlflowJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The serializers the server uses: as <see cref="JsonSerializerContext.Options"/>, but without escaping quotes and
    /// other HTML-sensitive characters, so error messages that quote a filter stay readable.
    /// </summary>
    public static MlflowJsonContext Wire => s_wire ??= new(new JsonSerializerOptions(Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    // Lazy, like the generated Default: static initialisers in partial files run in no defined order.
    private static MlflowJsonContext? s_wire;
}
