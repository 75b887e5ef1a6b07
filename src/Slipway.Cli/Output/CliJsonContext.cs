using System.Text.Json.Serialization;
using Slipway.Core.Registry;
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
        typeof(UpperSnakeCaseEnumConverter<ModelVersionStatus>)])]
[JsonSerializable(typeof(IReadOnlyList<Experiment>))]
[JsonSerializable(typeof(IReadOnlyList<Run>))]
[JsonSerializable(typeof(Run))]
[JsonSerializable(typeof(IReadOnlyList<RegisteredModel>))]
[JsonSerializable(typeof(IReadOnlyList<ModelVersion>))]
[JsonSerializable(typeof(ModelVersion))]
[JsonSerializable(typeof(ExperimentChange))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
