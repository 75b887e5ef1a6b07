using System.Text.Json.Serialization;
using Slipway.Server.Data;
using Slipway.Server.Mlflow.Contracts;
using Slipway.Server.Pipelines;

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
[JsonSerializable(typeof(SetupRequest))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(PasswordRequest))]
[JsonSerializable(typeof(AdminFlagRequest))]
[JsonSerializable(typeof(UserResponse))]
[JsonSerializable(typeof(UsersResponse))]
[JsonSerializable(typeof(WhoAmIResponse))]
[JsonSerializable(typeof(CreateTokenRequest))]
[JsonSerializable(typeof(CreateTokenResponse))]
[JsonSerializable(typeof(TokensResponse))]
[JsonSerializable(typeof(CreateWorkspaceRequest))]
[JsonSerializable(typeof(WorkspacesResponse))]
[JsonSerializable(typeof(RoleRequest))]
[JsonSerializable(typeof(MembersResponse))]
[JsonSerializable(typeof(PermissionRequest))]
[JsonSerializable(typeof(PermissionsResponse))]
[JsonSerializable(typeof(AuditEventsResponse))]
[JsonSerializable(typeof(AuditEventDto))]
[JsonSerializable(typeof(FileEntryDto))]
[JsonSerializable(typeof(DatasetsResponse))]
[JsonSerializable(typeof(DatasetVersionDto))]
[JsonSerializable(typeof(DatasetVersionsResponse))]
[JsonSerializable(typeof(FilesResponse))]
[JsonSerializable(typeof(PlanPushRequest))]
[JsonSerializable(typeof(PlanPushResponse))]
[JsonSerializable(typeof(CommitRequest))]
[JsonSerializable(typeof(TagRequest))]
[JsonSerializable(typeof(BlobStoredResponse))]
[JsonSerializable(typeof(BlobBatchResponse))]
[JsonSerializable(typeof(FetchBlobsRequest))]
[JsonSerializable(typeof(SweepRequest))]
[JsonSerializable(typeof(DatasetDiffResponse))]
[JsonSerializable(typeof(DatasetLineageResponse))]
[JsonSerializable(typeof(EmptyDataResponse))]
[JsonSerializable(typeof(Slipway.Data.Blobs.SweepResult))]
[JsonSerializable(typeof(Slipway.Data.Validation.ValidationReport))]
[JsonSerializable(typeof(PipelineSpecRequest))]
[JsonSerializable(typeof(Slipway.Server.Serving.DeploymentRequest))]
[JsonSerializable(typeof(Slipway.Server.Serving.RollbackRequest))]
[JsonSerializable(typeof(Slipway.Server.Serving.DeploymentDto))]
[JsonSerializable(typeof(Slipway.Server.Serving.DeploymentsResponse))]
[JsonSerializable(typeof(Slipway.Server.Serving.DeploymentRevisionsResponse))]
[JsonSerializable(typeof(LaunchParamsRequest))]
[JsonSerializable(typeof(PipelineSpecSummaryDto))]
[JsonSerializable(typeof(PipelineDto))]
[JsonSerializable(typeof(PipelinesResponse))]
[JsonSerializable(typeof(LaunchResponse))]
[JsonSerializable(typeof(PipelineRunDto))]
[JsonSerializable(typeof(PipelineRunsResponse))]
[JsonSerializable(typeof(WebhookDto))]
[JsonSerializable(typeof(WebhooksResponse))]
[JsonSerializable(typeof(AlertEventRequest))]
[JsonSerializable(typeof(AlertEventResponse))]
public sealed partial class NativeJsonContext : JsonSerializerContext
{
}
