using System.Text.Json.Serialization;
using Slipway.Client;
using Slipway.Core.Registry;
using Slipway.Core.Security;
using Slipway.Core.Tracking;

namespace Slipway.Cli.Output;

/// <summary>Serializers for <c>--output json</c>: the domain records with snake_case names, indented.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    Converters = [
        typeof(UpperSnakeCaseEnumConverter<RunStatus>),
        typeof(UpperSnakeCaseEnumConverter<LifecycleStage>),
        typeof(UpperSnakeCaseEnumConverter<ModelVersionStatus>),
        typeof(UpperSnakeCaseEnumConverter<AccessLevel>),
        typeof(LowerSnakeCaseEnumConverter<WorkspaceRole>),
        typeof(LowerSnakeCaseEnumConverter<GrantedResource>)])]
[JsonSerializable(typeof(IReadOnlyList<Experiment>))]
[JsonSerializable(typeof(IReadOnlyList<Run>))]
[JsonSerializable(typeof(Run))]
[JsonSerializable(typeof(IReadOnlyList<RegisteredModel>))]
[JsonSerializable(typeof(IReadOnlyList<ModelVersion>))]
[JsonSerializable(typeof(ModelVersion))]
[JsonSerializable(typeof(ExperimentChange))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(IReadOnlyList<User>))]
[JsonSerializable(typeof(CallerIdentity))]
[JsonSerializable(typeof(IReadOnlyList<ApiToken>))]
[JsonSerializable(typeof(CreatedApiToken))]
[JsonSerializable(typeof(WorkspaceInfo))]
[JsonSerializable(typeof(IReadOnlyList<WorkspaceInfo>))]
[JsonSerializable(typeof(WorkspaceMembership))]
[JsonSerializable(typeof(IReadOnlyList<WorkspaceMembership>))]
[JsonSerializable(typeof(ResourceGrant))]
[JsonSerializable(typeof(IReadOnlyList<ResourceGrant>))]
[JsonSerializable(typeof(IReadOnlyList<AuditEvent>))]
[JsonSerializable(typeof(ChangeOutcome))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
