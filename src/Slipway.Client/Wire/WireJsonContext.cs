using System.Text.Json.Serialization;
using Slipway.Client.Wire.Requests;
using Slipway.Client.Wire.Responses;

namespace Slipway.Client.Wire;

/// <summary>
/// Source-generated (de)serializers for MLflow's JSON: snake_case names, absent nulls, int64 accepted as strings
/// and doubles written and read as <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(WireError))]
[JsonSerializable(typeof(CreateExperimentRequest))]
[JsonSerializable(typeof(ExperimentIdRequest))]
[JsonSerializable(typeof(UpdateExperimentRequest))]
[JsonSerializable(typeof(SetExperimentTagRequest))]
[JsonSerializable(typeof(SearchExperimentsRequest))]
[JsonSerializable(typeof(CreateRunRequest))]
[JsonSerializable(typeof(UpdateRunRequest))]
[JsonSerializable(typeof(RunIdRequest))]
[JsonSerializable(typeof(LogMetricRequest))]
[JsonSerializable(typeof(RunKeyValueRequest))]
[JsonSerializable(typeof(RunKeyRequest))]
[JsonSerializable(typeof(LogBatchRequest))]
[JsonSerializable(typeof(LogInputsRequest))]
[JsonSerializable(typeof(SearchRunsRequest))]
[JsonSerializable(typeof(CreateRegisteredModelRequest))]
[JsonSerializable(typeof(RenameRegisteredModelRequest))]
[JsonSerializable(typeof(UpdateRegisteredModelRequest))]
[JsonSerializable(typeof(RegisteredModelNameRequest))]
[JsonSerializable(typeof(GetLatestVersionsRequest))]
[JsonSerializable(typeof(RegisteredModelTagRequest))]
[JsonSerializable(typeof(RegisteredModelAliasRequest))]
[JsonSerializable(typeof(CreateModelVersionRequest))]
[JsonSerializable(typeof(ModelVersionRequest))]
[JsonSerializable(typeof(TransitionModelVersionStageRequest))]
[JsonSerializable(typeof(ModelVersionTagRequest))]
[JsonSerializable(typeof(SetupRequest))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(PasswordRequest))]
[JsonSerializable(typeof(AdminFlagRequest))]
[JsonSerializable(typeof(CreateTokenRequest))]
[JsonSerializable(typeof(CreateWorkspaceRequest))]
[JsonSerializable(typeof(RoleRequest))]
[JsonSerializable(typeof(PermissionRequest))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(CreateExperimentResponse))]
[JsonSerializable(typeof(ExperimentResponse))]
[JsonSerializable(typeof(SearchExperimentsResponse))]
[JsonSerializable(typeof(RunResponse))]
[JsonSerializable(typeof(UpdateRunResponse))]
[JsonSerializable(typeof(SearchRunsResponse))]
[JsonSerializable(typeof(MetricHistoryResponse))]
[JsonSerializable(typeof(ListArtifactsResponse))]
[JsonSerializable(typeof(RegisteredModelResponse))]
[JsonSerializable(typeof(SearchRegisteredModelsResponse))]
[JsonSerializable(typeof(ModelVersionResponse))]
[JsonSerializable(typeof(ModelVersionsResponse))]
[JsonSerializable(typeof(DownloadUriResponse))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(UsersResponse))]
[JsonSerializable(typeof(WhoAmIResponse))]
[JsonSerializable(typeof(TokensResponse))]
[JsonSerializable(typeof(CreateTokenResponse))]
[JsonSerializable(typeof(WorkspacesResponse))]
[JsonSerializable(typeof(MembersResponse))]
[JsonSerializable(typeof(PermissionsResponse))]
[JsonSerializable(typeof(AuditEventsResponse))]
internal sealed partial class WireJsonContext : JsonSerializerContext;
