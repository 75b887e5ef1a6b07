namespace Slipway.Server.Mlflow.Contracts;

// MLflow's protobuf messages (service.proto, model_registry.proto) as JSON DTOs. Like generated code,
// the messages of one proto area share a file; field names become snake_case through the serializer.
// Repeated fields that are empty are left null so they are omitted, as MLflow's proto2 JSON omits them.

public sealed class TagDto
{
    public string? Key { get; set; }

    public string? Value { get; set; }
}

public sealed class ParamDto
{
    public string? Key { get; set; }

    public string? Value { get; set; }
}

public sealed class MetricDto
{
    public string? Key { get; set; }

    public double? Value { get; set; }

    public long? Timestamp { get; set; }

    public long? Step { get; set; }
}

public sealed class MetricWithRunIdDto
{
    public required string Key { get; set; }

    public double Value { get; set; }

    public long Timestamp { get; set; }

    public long Step { get; set; }

    public required string RunId { get; set; }
}

public sealed class ExperimentDto
{
    public required string ExperimentId { get; set; }

    public required string Name { get; set; }

    public required string ArtifactLocation { get; set; }

    public required string LifecycleStage { get; set; }

    public long LastUpdateTime { get; set; }

    public long CreationTime { get; set; }

    public List<TagDto>? Tags { get; set; }
}

public sealed class RunInfoDto
{
    public required string RunId { get; set; }

    public required string RunUuid { get; set; }

    public required string RunName { get; set; }

    public required string ExperimentId { get; set; }

    public required string UserId { get; set; }

    public required string Status { get; set; }

    public long StartTime { get; set; }

    public long? EndTime { get; set; }

    public required string ArtifactUri { get; set; }

    public required string LifecycleStage { get; set; }
}

public sealed class RunDataDto
{
    public List<MetricDto>? Metrics { get; set; }

    public List<ParamDto>? Params { get; set; }

    public List<TagDto>? Tags { get; set; }
}

public sealed class DatasetDto
{
    public string? Name { get; set; }

    public string? Digest { get; set; }

    public string? SourceType { get; set; }

    public string? Source { get; set; }

    public string? Schema { get; set; }

    public string? Profile { get; set; }
}

public sealed class DatasetInputDto
{
    public List<TagDto>? Tags { get; set; }

    public DatasetDto? Dataset { get; set; }
}

public sealed class RunInputsDto
{
    public List<DatasetInputDto>? DatasetInputs { get; set; }
}

public sealed class RunDto
{
    public required RunInfoDto Info { get; set; }

    public required RunDataDto Data { get; set; }

    public required RunInputsDto Inputs { get; set; }
}

public sealed class FileInfoDto
{
    public required string Path { get; set; }

    public bool IsDir { get; set; }

    public long? FileSize { get; set; }
}

public sealed class RegisteredModelAliasDto
{
    public required string Alias { get; set; }

    public required string Version { get; set; }
}

public sealed class ModelVersionDto
{
    public required string Name { get; set; }

    public required string Version { get; set; }

    public long CreationTimestamp { get; set; }

    public long LastUpdatedTimestamp { get; set; }

    public string? UserId { get; set; }

    public required string CurrentStage { get; set; }

    public string? Description { get; set; }

    public required string Source { get; set; }

    public string? RunId { get; set; }

    public required string Status { get; set; }

    public string? StatusMessage { get; set; }

    public List<TagDto>? Tags { get; set; }

    public string? RunLink { get; set; }

    public List<string>? Aliases { get; set; }
}

public sealed class RegisteredModelDto
{
    public required string Name { get; set; }

    public long CreationTimestamp { get; set; }

    public long LastUpdatedTimestamp { get; set; }

    public string? UserId { get; set; }

    public string? Description { get; set; }

    public List<ModelVersionDto>? LatestVersions { get; set; }

    public List<TagDto>? Tags { get; set; }

    public List<RegisteredModelAliasDto>? Aliases { get; set; }
}

public sealed class ErrorDto
{
    public required string ErrorCode { get; set; }

    public required string Message { get; set; }
}

public sealed class EmptyDto
{
}
