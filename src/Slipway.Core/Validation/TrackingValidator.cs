using System.Text.RegularExpressions;
using Slipway.Core.Tracking;

namespace Slipway.Core.Validation;

/// <summary>
/// Input checks of the tracking API, with MLflow's limits (<see cref="TrackingLimits"/>) and message shapes.
/// Every failure is a <see cref="Errors.SlipwayException"/> with INVALID_PARAMETER_VALUE naming the parameter and
/// the value. Values over the length limits are rejected, not truncated: MLflow's own client truncates before
/// sending, so only a non-MLflow client ever reaches these limits, and it should learn about it.
/// </summary>
public static partial class TrackingValidator
{
    /// <summary>
    /// Checks a log-batch request: the per-kind and total counts first (as MLflow does, so an oversized request fails
    /// fast), then every metric, param and tag with its position (<c>params[3].key</c>), then that no param key is
    /// given two different values. Repeating a param with the same value is accepted, as it is idempotent.
    /// </summary>
    public static void ValidateLogBatch(IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<Tag> tags)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(tags);

        ValidateBatchCount("metrics", TrackingLimits.MaxMetricsPerBatch, metrics.Count);
        ValidateBatchCount("params", TrackingLimits.MaxParamsTagsPerBatch, parameters.Count);
        ValidateBatchCount("tags", TrackingLimits.MaxParamsTagsPerBatch, tags.Count);
        ValidateBatchCount("metrics, params, and tags", TrackingLimits.MaxEntitiesPerBatch, metrics.Count + parameters.Count + tags.Count);

        // The allocation-free checks pass almost every entry; the full checks (and their messages) run for the rest.
        for (var i = 0; i < metrics.Count; i++)
        {
            var metric = metrics[i];
            if (metric.Timestamp < 0 || !EntityKeyRules.IsPlainValid(metric.Key, TrackingLimits.MaxEntityKeyLength))
            {
                ValidateMetric(metric, $"metrics[{i}]");
            }
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            var param = parameters[i];
            if (param?.Value is null || param.Value.Length > TrackingLimits.MaxParamValueLength
                || !EntityKeyRules.IsPlainValid(param.Key, TrackingLimits.MaxEntityKeyLength))
            {
                ValidateParam(param!, $"params[{i}]");
            }
        }

        for (var i = 0; i < tags.Count; i++)
        {
            var tag = tags[i];
            if (tag?.Value is null || tag.Value.Length > TrackingLimits.MaxTagValueLength
                || !EntityKeyRules.IsPlainValid(tag.Key, TrackingLimits.MaxEntityKeyLength))
            {
                ValidateTag(tag!, $"tags[{i}]");
            }
        }

        if (parameters.Count < 2)
        {
            return;
        }

        var conflicting = parameters
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .Where(g => g.Select(p => p.Value).Distinct(StringComparer.Ordinal).Skip(1).Any())
            .Select(g => $"'{g.Key}'")
            .ToList();
        if (conflicting.Count > 0)
        {
            throw Errors.SlipwayException.Invalid(
                $"Duplicate parameter keys have been submitted: [{string.Join(", ", conflicting)}]. "
                + "Please ensure the request contains only one param value per param key.");
        }
    }

    /// <summary>Checks the key and the timestamp (non-negative). Any double is a valid value, NaN and infinities included, as in MLflow.</summary>
    public static void ValidateMetric(Metric metric) => ValidateMetric(metric, string.Empty);

    /// <summary>Checks the key and that the value is present and at most <see cref="TrackingLimits.MaxParamValueLength"/> characters.</summary>
    public static void ValidateParam(Param param) => ValidateParam(param, string.Empty);

    /// <summary>Checks a run tag: key rules and a value of at most <see cref="TrackingLimits.MaxTagValueLength"/> characters.</summary>
    public static void ValidateTag(Tag tag) => ValidateTag(tag, string.Empty);

    /// <summary>Experiment names are required, not blank, and at most <see cref="TrackingLimits.MaxExperimentNameLength"/> characters.</summary>
    public static void ValidateExperimentName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw ValidationMessages.Missing("name");
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw ValidationMessages.InvalidValue("name", name, "an experiment name must not be empty or blank.");
        }

        if (name.Length > TrackingLimits.MaxExperimentNameLength)
        {
            throw ValidationMessages.TooLong("name", name, TrackingLimits.MaxExperimentNameLength);
        }
    }

    /// <summary>Experiment tags: key rules with a 250-character key and a 5000-character value.</summary>
    public static void ValidateExperimentTag(Tag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        EntityKeyRules.Validate(tag.Key, "key", TrackingLimits.MaxExperimentTagKeyLength);
        ValidateValue(tag.Value, "value", TrackingLimits.MaxExperimentTagValueLength);
    }

    /// <summary>
    /// Run ids are 1 to 256 ASCII letters, digits, underscores or dashes. Slipway issues 32-hex ids; the wider set
    /// accepts ids imported from other MLflow servers and keeps ids safe to use in paths.
    /// </summary>
    public static void ValidateRunId(string? runId, string parameterName = "run_id")
    {
        if (string.IsNullOrEmpty(runId))
        {
            throw ValidationMessages.Missing(parameterName);
        }

        if (!RunIdPattern().IsMatch(runId))
        {
            throw ValidationMessages.InvalidValue(
                parameterName, runId, "a run id is 1 to 256 letters, digits, underscores or dashes.");
        }
    }

    /// <summary>Experiment ids follow MLflow's pattern: a letter or digit, then up to 63 letters, digits, underscores or dashes.</summary>
    public static void ValidateExperimentId(string? experimentId, string parameterName = "experiment_id")
    {
        if (string.IsNullOrEmpty(experimentId))
        {
            throw ValidationMessages.Missing(parameterName);
        }

        if (!ExperimentIdPattern().IsMatch(experimentId))
        {
            throw ValidationMessages.InvalidValue(
                parameterName,
                experimentId,
                "an experiment id starts with a letter or digit and has at most 64 letters, digits, underscores or dashes.");
        }
    }

    /// <summary>
    /// Resolves a page size: null means <paramref name="defaultValue"/>; anything below 1 or above
    /// <paramref name="max"/> is rejected naming <paramref name="parameterName"/>.
    /// </summary>
    public static int ValidateMaxResults(long? requested, int defaultValue, int max, string parameterName)
    {
        if (requested is null)
        {
            return defaultValue;
        }

        if (requested <= 0)
        {
            throw Errors.SlipwayException.Invalid(
                $"Invalid value for request parameter {parameterName}. It must be a positive integer, but got value {requested}.");
        }

        if (requested > max)
        {
            throw Errors.SlipwayException.Invalid(
                $"Invalid value for request parameter {parameterName}. It must be at most {max}, but got value {requested}.");
        }

        return (int)requested.Value;
    }

    /// <summary>Timestamps are milliseconds since the Unix epoch and must not be negative.</summary>
    public static void ValidateTimestamp(long timestamp, string parameterName)
    {
        if (timestamp < 0)
        {
            throw ValidationMessages.InvalidValue(
                parameterName, timestamp, "a timestamp must be a non-negative number of milliseconds since the Unix epoch.");
        }
    }

    /// <summary>
    /// Checks a log-inputs request: at most <see cref="TrackingLimits.MaxDatasetsPerBatch"/> datasets, each with
    /// MLflow's dataset and input-tag length limits (<c>_validate_dataset</c>, <c>_validate_input_tag</c>).
    /// </summary>
    public static void ValidateDatasetInputs(IReadOnlyList<DatasetInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ValidateBatchCount("datasets", TrackingLimits.MaxDatasetsPerBatch, inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            var path = $"datasets[{i}]";
            var dataset = inputs[i]?.Dataset ?? throw ValidationMessages.Missing(ValidationMessages.Path(path, "dataset"));
            path = ValidationMessages.Path(path, "dataset");
            ValidateValue(dataset.Name, ValidationMessages.Path(path, "name"), TrackingLimits.MaxDatasetNameLength, allowEmpty: false);
            ValidateValue(dataset.Digest, ValidationMessages.Path(path, "digest"), TrackingLimits.MaxDatasetDigestLength, allowEmpty: false);
            ValidateValue(dataset.SourceType, ValidationMessages.Path(path, "source_type"), int.MaxValue);
            ValidateValue(dataset.Source, ValidationMessages.Path(path, "source"), TrackingLimits.MaxDatasetSourceLength);
            ValidateOptional(dataset.Schema, ValidationMessages.Path(path, "schema"), TrackingLimits.MaxDatasetSchemaLength);
            ValidateOptional(dataset.Profile, ValidationMessages.Path(path, "profile"), TrackingLimits.MaxDatasetProfileLength);

            var tags = inputs[i].Tags ?? [];
            for (var t = 0; t < tags.Count; t++)
            {
                var tagPath = $"datasets[{i}].tags[{t}]";
                ValidateValue(tags[t]?.Key, ValidationMessages.Path(tagPath, "key"), TrackingLimits.MaxInputTagKeyLength, allowEmpty: false);
                ValidateValue(tags[t]?.Value, ValidationMessages.Path(tagPath, "value"), TrackingLimits.MaxInputTagValueLength);
            }
        }
    }

    private static void ValidateMetric(Metric metric, string path)
    {
        EntityKeyRules.Validate(metric.Key, ValidationMessages.Path(path, "key"), TrackingLimits.MaxEntityKeyLength);
        ValidateTimestamp(metric.Timestamp, ValidationMessages.Path(path, "timestamp"));
    }

    private static void ValidateParam(Param param, string path)
    {
        ArgumentNullException.ThrowIfNull(param);
        EntityKeyRules.Validate(param.Key, ValidationMessages.Path(path, "key"), TrackingLimits.MaxEntityKeyLength);
        ValidateValue(param.Value, ValidationMessages.Path(path, "value"), TrackingLimits.MaxParamValueLength);
    }

    private static void ValidateTag(Tag tag, string path)
    {
        ArgumentNullException.ThrowIfNull(tag);
        EntityKeyRules.Validate(tag.Key, ValidationMessages.Path(path, "key"), TrackingLimits.MaxEntityKeyLength);
        ValidateValue(tag.Value, ValidationMessages.Path(path, "value"), TrackingLimits.MaxTagValueLength);
    }

    private static void ValidateBatchCount(string entityName, int limit, int count)
    {
        if (count > limit)
        {
            throw Errors.SlipwayException.Invalid(
                $"A batch logging request can contain at most {limit} {entityName}. Got {count} {entityName}. "
                + $"Please split up {entityName} across multiple requests and try again.");
        }
    }

    /// <summary>Values arrive from JSON, so a record's non-nullable string can still be null.</summary>
    internal static void ValidateValue(string? value, string parameter, int maxLength, bool allowEmpty = true)
    {
        if (value is null || (!allowEmpty && value.Length == 0))
        {
            throw ValidationMessages.Missing(parameter);
        }

        if (value.Length > maxLength)
        {
            throw ValidationMessages.TooLong(parameter, value, maxLength);
        }
    }

    private static void ValidateOptional(string? value, string parameter, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            throw ValidationMessages.TooLong(parameter, value, maxLength);
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,256}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RunIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ExperimentIdPattern();
}
