using System.Text.Json.Serialization;
using Slipway.Cli.Output;
using Slipway.Client.Pipelines;
using Slipway.Core.Pipelines;

namespace Slipway.Cli.Commands.Pipelines;

/// <summary>Serializers for <c>slipway run</c> and <c>slipway pipelines ... --output json</c>: the SDK's records, snake_case, statuses in lower case, indented, nulls left out.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(LowerSnakeCaseEnumConverter<PipelineRunStatus>), typeof(LowerSnakeCaseEnumConverter<StepStatus>)])]
[JsonSerializable(typeof(PipelineSpecSummary))]
[JsonSerializable(typeof(PipelineInfo))]
[JsonSerializable(typeof(IReadOnlyList<PipelineInfo>))]
[JsonSerializable(typeof(PipelineRunInfo))]
[JsonSerializable(typeof(IReadOnlyList<PipelineRunInfo>))]
[JsonSerializable(typeof(LaunchOutcome))]
[JsonSerializable(typeof(PipelineWebhookInfo))]
[JsonSerializable(typeof(IReadOnlyList<PipelineWebhookInfo>))]
[JsonSerializable(typeof(StepLogLine))]
[JsonSerializable(typeof(ChangeOutcome))]
internal sealed partial class PipelinesJsonContext : JsonSerializerContext;
