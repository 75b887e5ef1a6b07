using System.Text.Json.Serialization;
using Slipway.Cli.Output;
using Slipway.Client.Datasets;
using Slipway.Core.Data;

namespace Slipway.Cli.Commands.Data;

/// <summary>Serializers for <c>slipway data ... --output json</c>: the SDK's records, snake_case, indented, nulls left out.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    Converters = [typeof(ContentHashJsonConverter)])]
[JsonSerializable(typeof(IReadOnlyList<DatasetSummary>))]
[JsonSerializable(typeof(IReadOnlyList<DatasetVersion>))]
[JsonSerializable(typeof(DatasetVersion))]
[JsonSerializable(typeof(DatasetVersionDetails))]
[JsonSerializable(typeof(IReadOnlyList<ManifestEntry>))]
[JsonSerializable(typeof(DatasetDiff))]
[JsonSerializable(typeof(DatasetValidationReport))]
[JsonSerializable(typeof(DatasetLineage))]
[JsonSerializable(typeof(BlobSweepResult))]
[JsonSerializable(typeof(DatasetPushResult))]
[JsonSerializable(typeof(DatasetPullResult))]
[JsonSerializable(typeof(ChangeOutcome))]
internal sealed partial class DataJsonContext : JsonSerializerContext;
