using System.Text.Json.Serialization;
using Slipway.Cli.Output;
using Slipway.Client.Deployments;
using Slipway.Core.Serving;

namespace Slipway.Cli.Commands.Deployments;

/// <summary>Serializers for <c>slipway deployments ... --output json</c>: the SDK's records, snake_case, states in lower case, indented, nulls left out.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(LowerSnakeCaseEnumConverter<DeploymentState>)])]
[JsonSerializable(typeof(DeploymentInfo))]
[JsonSerializable(typeof(IReadOnlyList<DeploymentInfo>))]
[JsonSerializable(typeof(IReadOnlyList<DeploymentRevision>))]
[JsonSerializable(typeof(ChangeOutcome))]
internal sealed partial class DeploymentsJsonContext : JsonSerializerContext;
