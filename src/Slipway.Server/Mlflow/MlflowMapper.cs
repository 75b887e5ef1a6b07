using System.Globalization;
using Slipway.Core.Errors;
using Slipway.Core.Registry;
using Slipway.Core.Tracking;
using Slipway.Server.Mlflow.Contracts;

namespace Slipway.Server.Mlflow;

/// <summary>Converts between Slipway's domain records and MLflow's wire messages.</summary>
public static class MlflowMapper
{
    public static ExperimentDto ToDto(Experiment experiment) => new()
    {
        ExperimentId = experiment.ExperimentId,
        Name = experiment.Name,
        ArtifactLocation = experiment.ArtifactLocation,
        LifecycleStage = experiment.LifecycleStage.ToName(),
        CreationTime = experiment.CreationTime,
        LastUpdateTime = experiment.LastUpdateTime,
        Tags = ToDtos(experiment.Tags),
    };

    public static RunInfoDto ToDto(RunInfo info) => new()
    {
        RunId = info.RunId,
        RunUuid = info.RunId,
        RunName = info.RunName,
        ExperimentId = info.ExperimentId,
        UserId = info.UserId,
        Status = info.Status.ToName(),
        StartTime = info.StartTime,
        EndTime = info.EndTime,
        ArtifactUri = info.ArtifactUri,
        LifecycleStage = info.LifecycleStage.ToName(),
    };

    public static RunDto ToDto(Run run) => new()
    {
        Info = ToDto(run.Info),
        Data = new RunDataDto
        {
            Metrics = run.Metrics.Count == 0 ? null : run.Metrics.Select(ToDto).ToList(),
            Params = run.Params.Count == 0 ? null : run.Params.Select(p => new ParamDto { Key = p.Key, Value = p.Value }).ToList(),
            Tags = ToDtos(run.Tags),
        },
        Inputs = new RunInputsDto
        {
            DatasetInputs = run.Inputs.Count == 0 ? null : run.Inputs.Select(ToDto).ToList(),
        },
    };

    public static MetricDto ToDto(Metric metric) => new()
    {
        Key = metric.Key,
        Value = metric.Value,
        Timestamp = metric.Timestamp,
        Step = metric.Step,
    };

    public static DatasetInputDto ToDto(DatasetInput input) => new()
    {
        Tags = ToDtos(input.Tags),
        Dataset = new DatasetDto
        {
            Name = input.Dataset.Name,
            Digest = input.Dataset.Digest,
            SourceType = input.Dataset.SourceType,
            Source = input.Dataset.Source,
            Schema = input.Dataset.Schema,
            Profile = input.Dataset.Profile,
        },
    };

    public static RegisteredModelDto ToDto(RegisteredModel model) => new()
    {
        Name = model.Name,
        CreationTimestamp = model.CreationTimestamp,
        LastUpdatedTimestamp = model.LastUpdatedTimestamp,
        UserId = model.UserId,
        Description = model.Description,
        LatestVersions = model.LatestVersions.Count == 0 ? null : model.LatestVersions.Select(ToDto).ToList(),
        Tags = ToDtos(model.Tags),
        Aliases = model.Aliases.Count == 0
            ? null
            : model.Aliases.Select(a => new RegisteredModelAliasDto { Alias = a.Alias, Version = a.Version }).ToList(),
    };

    public static ModelVersionDto ToDto(ModelVersion version) => new()
    {
        Name = version.Name,
        Version = version.Version.ToString(CultureInfo.InvariantCulture),
        CreationTimestamp = version.CreationTimestamp,
        LastUpdatedTimestamp = version.LastUpdatedTimestamp,
        UserId = version.UserId,
        CurrentStage = version.CurrentStage,
        Description = version.Description,
        Source = version.Source,
        RunId = version.RunId,
        RunLink = version.RunLink,
        Status = version.Status switch
        {
            ModelVersionStatus.PendingRegistration => "PENDING_REGISTRATION",
            ModelVersionStatus.FailedRegistration => "FAILED_REGISTRATION",
            _ => "READY",
        },
        StatusMessage = version.StatusMessage,
        Tags = ToDtos(version.Tags),
        Aliases = version.Aliases.Count == 0 ? null : [.. version.Aliases],
    };

    public static List<TagDto>? ToDtos(IReadOnlyList<Tag> tags) =>
        tags.Count == 0 ? null : tags.Select(t => new TagDto { Key = t.Key, Value = t.Value }).ToList();

    public static IReadOnlyList<Tag> ToTags(List<TagDto>? tags, string field) =>
        tags is null or { Count: 0 }
            ? []
            : tags.Select((t, i) => new Tag(
                t.Key ?? throw Missing($"{field}[{i}].key"),
                t.Value ?? string.Empty)).ToList();

    public static IReadOnlyList<Param> ToParams(List<ParamDto>? parameters) =>
        parameters is null or { Count: 0 }
            ? []
            : parameters.Select((p, i) => new Param(
                p.Key ?? throw Missing($"params[{i}].key"),
                p.Value ?? throw Missing($"params[{i}].value"))).ToList();

    /// <summary>MLflow requires key, value and timestamp on every metric; step defaults to 0.</summary>
    public static Metric ToMetric(MetricDto dto, string field) => new(
        dto.Key ?? throw Missing($"{field}.key"),
        dto.Value ?? throw Missing($"{field}.value"),
        dto.Timestamp ?? throw Missing($"{field}.timestamp"),
        dto.Step ?? 0);

    public static IReadOnlyList<Metric> ToMetrics(List<MetricDto>? metrics)
    {
        if (metrics is null or { Count: 0 })
        {
            return [];
        }

        var result = new Metric[metrics.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var dto = metrics[i];
            result[i] = dto is { Key: { } key, Value: { } value, Timestamp: { } timestamp }
                ? new Metric(key, value, timestamp, dto.Step ?? 0)
                : ToMetric(dto, "metrics[" + i.ToString(CultureInfo.InvariantCulture) + "]");
        }

        return result;
    }

    public static IReadOnlyList<DatasetInput> ToDatasetInputs(List<DatasetInputDto>? inputs) =>
        inputs is null or { Count: 0 }
            ? []
            : inputs.Select((input, i) =>
            {
                var d = input.Dataset ?? throw Missing($"datasets[{i}].dataset");
                return new DatasetInput(
                    new Dataset(
                        d.Name ?? throw Missing($"datasets[{i}].dataset.name"),
                        d.Digest ?? throw Missing($"datasets[{i}].dataset.digest"),
                        d.SourceType ?? throw Missing($"datasets[{i}].dataset.source_type"),
                        d.Source ?? throw Missing($"datasets[{i}].dataset.source"),
                        d.Schema,
                        d.Profile),
                    ToTags(input.Tags, $"datasets[{i}].tags"));
            }).ToList();

    public static ViewType ToViewType(string? text, string field) =>
        EnumNames.TryParseViewType(text, out var viewType)
            ? viewType
            : throw SlipwayException.Invalid($"Invalid value '{text}' for parameter '{field}': expected ACTIVE_ONLY, DELETED_ONLY or ALL.");

    public static RunStatus? ToRunStatus(string? text) =>
        string.IsNullOrEmpty(text)
            ? null
            : EnumNames.TryParseRunStatus(text, out var status)
                ? status
                : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 5
                    ? (RunStatus)(number - 1)
                    : throw SlipwayException.Invalid($"Invalid value '{text}' for parameter 'status': expected RUNNING, SCHEDULED, FINISHED, FAILED or KILLED.");

    public static SlipwayException Missing(string field) =>
        SlipwayException.Invalid($"Missing value for required parameter '{field}'.");
}
