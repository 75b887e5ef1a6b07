using System.Text.Json.Serialization;

namespace Slipway.Server.Mlflow.Contracts;

// Requests and responses of MLflow's MlflowService (service.proto). See Entities.cs for the conventions.

public sealed class CreateExperimentRequest
{
    public string? Name { get; set; }

    public string? ArtifactLocation { get; set; }

    public List<TagDto>? Tags { get; set; }
}

public sealed class CreateExperimentResponse
{
    public required string ExperimentId { get; set; }
}

public sealed class ExperimentIdRequest
{
    public string? ExperimentId { get; set; }
}

public sealed class GetExperimentByNameRequest
{
    public string? ExperimentName { get; set; }
}

public sealed class ExperimentResponse
{
    public required ExperimentDto Experiment { get; set; }
}

public sealed class SearchExperimentsRequest
{
    public long? MaxResults { get; set; }

    public string? PageToken { get; set; }

    public string? Filter { get; set; }

    public List<string>? OrderBy { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? ViewType { get; set; }
}

public sealed class SearchExperimentsResponse
{
    public List<ExperimentDto>? Experiments { get; set; }

    public string? NextPageToken { get; set; }
}

public sealed class UpdateExperimentRequest
{
    public string? ExperimentId { get; set; }

    public string? NewName { get; set; }
}

public sealed class SetExperimentTagRequest
{
    public string? ExperimentId { get; set; }

    public string? Key { get; set; }

    public string? Value { get; set; }
}

public sealed class CreateRunRequest
{
    public string? ExperimentId { get; set; }

    public string? UserId { get; set; }

    public string? RunName { get; set; }

    public long? StartTime { get; set; }

    public List<TagDto>? Tags { get; set; }
}

public sealed class RunResponse
{
    public required RunDto Run { get; set; }
}

public sealed class UpdateRunRequest
{
    public string? RunId { get; set; }

    public string? RunUuid { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Status { get; set; }

    public long? EndTime { get; set; }

    public string? RunName { get; set; }
}

public sealed class UpdateRunResponse
{
    public required RunInfoDto RunInfo { get; set; }
}

public sealed class RunIdRequest
{
    public string? RunId { get; set; }

    public string? RunUuid { get; set; }
}

public sealed class LogMetricRequest
{
    public string? RunId { get; set; }

    public string? RunUuid { get; set; }

    public string? Key { get; set; }

    public double? Value { get; set; }

    public long? Timestamp { get; set; }

    public long? Step { get; set; }
}

public sealed class LogParamRequest
{
    public string? RunId { get; set; }

    public string? RunUuid { get; set; }

    public string? Key { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Value { get; set; }
}

public sealed class SetTagRequest
{
    public string? RunId { get; set; }

    public string? RunUuid { get; set; }

    public string? Key { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Value { get; set; }
}

public sealed class DeleteTagRequest
{
    public string? RunId { get; set; }

    public string? Key { get; set; }
}

public sealed class LogBatchRequest
{
    public string? RunId { get; set; }

    public List<MetricDto>? Metrics { get; set; }

    public List<ParamDto>? Params { get; set; }

    public List<TagDto>? Tags { get; set; }
}

public sealed class LogInputsRequest
{
    public string? RunId { get; set; }

    public List<DatasetInputDto>? Datasets { get; set; }
}

public sealed class LogModelRequest
{
    public string? RunId { get; set; }

    public string? ModelJson { get; set; }
}

public sealed class SearchRunsRequest
{
    public List<string>? ExperimentIds { get; set; }

    public string? Filter { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? RunViewType { get; set; }

    public long? MaxResults { get; set; }

    public List<string>? OrderBy { get; set; }

    public string? PageToken { get; set; }
}

public sealed class SearchRunsResponse
{
    public List<RunDto>? Runs { get; set; }

    public string? NextPageToken { get; set; }
}

public sealed class GetMetricHistoryRequest
{
    public string? RunId { get; set; }

    public string? RunUuid { get; set; }

    public string? MetricKey { get; set; }

    public string? PageToken { get; set; }

    public long? MaxResults { get; set; }
}

public sealed class GetMetricHistoryResponse
{
    public List<MetricDto>? Metrics { get; set; }

    public string? NextPageToken { get; set; }
}

public sealed class GetMetricHistoryBulkIntervalRequest
{
    public List<string>? RunIds { get; set; }

    public string? MetricKey { get; set; }

    public long? StartStep { get; set; }

    public long? EndStep { get; set; }

    public long? MaxResults { get; set; }
}

public sealed class GetMetricHistoryBulkIntervalResponse
{
    public List<MetricWithRunIdDto>? Metrics { get; set; }
}

public sealed class ListArtifactsRequest
{
    public string? RunId { get; set; }

    public string? RunUuid { get; set; }

    public string? Path { get; set; }

    public string? PageToken { get; set; }
}

public sealed class ListArtifactsResponse
{
    public string? RootUri { get; set; }

    public List<FileInfoDto>? Files { get; set; }

    public string? NextPageToken { get; set; }
}

public sealed class ListProxiedArtifactsResponse
{
    public List<FileInfoDto>? Files { get; set; }
}
