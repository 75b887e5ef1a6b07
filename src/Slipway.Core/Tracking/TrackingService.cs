using System.Text.Json;
using System.Text.Json.Nodes;
using Slipway.Core.Diagnostics;
using Slipway.Core.Errors;
using Slipway.Core.Search;
using Slipway.Core.Stores;
using Slipway.Core.Validation;

namespace Slipway.Core.Tracking;

/// <summary>
/// The tracking area's rules in front of <see cref="ITrackingStore"/>: argument validation with MLflow's
/// limits, query parsing, defaults. Protocol adapters (MLflow REST, native API, SDK) call this, never the store.
/// </summary>
public sealed class TrackingService(ITrackingStore store, IOperationTimer timer, TimeProvider timeProvider)
{
    private static readonly string[] LoggedModelRequiredFields = ["artifact_path", "flavors", "utc_time_created", "run_id"];

    public ITrackingStore Store => store;

    private long Now => timeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<string> CreateExperimentAsync(string workspaceId, string? name, string? artifactLocation, IReadOnlyList<Tag> tags, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateExperimentName(name);
        foreach (var tag in tags)
        {
            TrackingValidator.ValidateExperimentTag(tag);
        }

        using var _ = timer.Start("create_experiment");
        return await store.CreateExperimentAsync(workspaceId, name!, string.IsNullOrEmpty(artifactLocation) ? null : artifactLocation, tags, cancellationToken);
    }

    public async Task<Experiment> GetExperimentAsync(string workspaceId, string? experimentId, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateExperimentId(experimentId);
        using var _ = timer.Start("get_experiment");
        return await store.GetExperimentAsync(workspaceId, experimentId!, cancellationToken);
    }

    public async Task<Experiment> GetExperimentByNameAsync(string workspaceId, string? name, CancellationToken cancellationToken = default)
    {
        ValidationMessages.RequireValue(name, "experiment_name");
        using var _ = timer.Start("get_experiment_by_name");
        return await store.GetExperimentByNameAsync(workspaceId, name!, cancellationToken)
            ?? throw SlipwayException.NotFound($"Could not find experiment with name '{name}'");
    }

    public async Task<Page<Experiment>> SearchExperimentsAsync(string workspaceId, string? filter, IReadOnlyList<string>? orderBy, ViewType viewType, long? maxResults, string? pageToken, CancellationToken cancellationToken = default)
    {
        var query = new ExperimentQuery(
            SearchParser.ParseExperimentFilter(filter),
            viewType,
            TrackingValidator.ValidateMaxResults(maxResults, TrackingLimits.SearchExperimentsDefaultMaxResults, TrackingLimits.SearchExperimentsMaxResults, "max_results"),
            SearchParser.ParseExperimentOrderBy(orderBy),
            pageToken);
        PageToken.DecodeOffset(pageToken);
        using var _ = timer.Start("search_experiments");
        return await store.SearchExperimentsAsync(workspaceId, query, cancellationToken);
    }

    public async Task RenameExperimentAsync(string workspaceId, string? experimentId, string? newName, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateExperimentId(experimentId);
        TrackingValidator.ValidateExperimentName(newName);
        using var _ = timer.Start("update_experiment");
        await store.RenameExperimentAsync(workspaceId, experimentId!, newName!, cancellationToken);
    }

    public async Task DeleteExperimentAsync(string workspaceId, string? experimentId, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateExperimentId(experimentId);
        using var _ = timer.Start("delete_experiment");
        await store.DeleteExperimentAsync(workspaceId, experimentId!, cancellationToken);
    }

    public async Task RestoreExperimentAsync(string workspaceId, string? experimentId, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateExperimentId(experimentId);
        using var _ = timer.Start("restore_experiment");
        await store.RestoreExperimentAsync(workspaceId, experimentId!, cancellationToken);
    }

    public async Task SetExperimentTagAsync(string workspaceId, string? experimentId, Tag tag, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateExperimentId(experimentId);
        TrackingValidator.ValidateExperimentTag(tag);
        using var _ = timer.Start("set_experiment_tag");
        await store.SetExperimentTagAsync(workspaceId, experimentId!, tag, cancellationToken);
    }

    public async Task<Run> CreateRunAsync(string workspaceId, string? experimentId, string? userId, string? runName, long? startTime, IReadOnlyList<Tag> tags, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateExperimentId(experimentId);
        foreach (var tag in tags)
        {
            TrackingValidator.ValidateTag(tag);
        }

        // Older MLflow clients name a run only through the mlflow.runName tag.
        var name = string.IsNullOrEmpty(runName)
            ? tags.LastOrDefault(t => t.Key == SystemTags.RunName)?.Value
            : runName;
        var user = string.IsNullOrEmpty(userId)
            ? tags.LastOrDefault(t => t.Key == SystemTags.User)?.Value ?? string.Empty
            : userId;
        using var _ = timer.Start("create_run");
        return await store.CreateRunAsync(workspaceId, new NewRun(experimentId!, user, name, startTime ?? Now, tags), cancellationToken);
    }

    public async Task<Run> GetRunAsync(string workspaceId, string? runId, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateRunId(runId);
        using var _ = timer.Start("get_run");
        return await store.GetRunAsync(workspaceId, runId!, cancellationToken);
    }

    public async Task<RunInfo> UpdateRunAsync(string workspaceId, string? runId, RunUpdate update, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateRunId(runId);
        using var _ = timer.Start("update_run");
        return await store.UpdateRunAsync(workspaceId, runId!, update, cancellationToken);
    }

    public async Task DeleteRunAsync(string workspaceId, string? runId, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateRunId(runId);
        using var _ = timer.Start("delete_run");
        await store.DeleteRunAsync(workspaceId, runId!, cancellationToken);
    }

    public async Task RestoreRunAsync(string workspaceId, string? runId, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateRunId(runId);
        using var _ = timer.Start("restore_run");
        await store.RestoreRunAsync(workspaceId, runId!, cancellationToken);
    }

    public Task LogMetricAsync(string workspaceId, string? runId, Metric metric, CancellationToken cancellationToken = default) =>
        LogBatchAsync(workspaceId, runId, [metric], [], [], cancellationToken);

    public Task LogParamAsync(string workspaceId, string? runId, Param param, CancellationToken cancellationToken = default) =>
        LogBatchAsync(workspaceId, runId, [], [param], [], cancellationToken);

    public Task SetTagAsync(string workspaceId, string? runId, Tag tag, CancellationToken cancellationToken = default) =>
        LogBatchAsync(workspaceId, runId, [], [], [tag], cancellationToken);

    public async Task LogBatchAsync(string workspaceId, string? runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<Tag> tags, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateRunId(runId);
        TrackingValidator.ValidateLogBatch(metrics, parameters, tags);
        if (metrics.Count + parameters.Count + tags.Count == 0)
        {
            return;
        }

        using var _ = timer.Start("log_batch");
        await store.LogBatchAsync(workspaceId, runId!, metrics, parameters, tags, cancellationToken);
    }

    public async Task DeleteTagAsync(string workspaceId, string? runId, string? key, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateRunId(runId);
        ValidationMessages.RequireValue(key, "key");
        using var _ = timer.Start("delete_tag");
        await store.DeleteTagAsync(workspaceId, runId!, key!, cancellationToken);
    }

    public async Task LogInputsAsync(string workspaceId, string? runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateRunId(runId);
        TrackingValidator.ValidateDatasetInputs(inputs);
        using var _ = timer.Start("log_inputs");
        await store.LogInputsAsync(workspaceId, runId!, inputs, cancellationToken);
    }

    /// <summary>
    /// Records a logged model (MLflow's <c>runs/log-model</c>): the model's JSON description is appended to
    /// the run's <c>mlflow.log-model.history</c> tag, which MLflow clients and UIs read.
    /// </summary>
    public async Task RecordLoggedModelAsync(string workspaceId, string? runId, string? modelJson, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateRunId(runId);
        ValidationMessages.RequireValue(modelJson, "model_json");
        JsonObject model;
        try
        {
            model = JsonNode.Parse(modelJson!) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            throw SlipwayException.Invalid($"Malformed model info. '{modelJson}' is not a valid JSON object.");
        }

        var missing = LoggedModelRequiredFields.Where(f => !model.ContainsKey(f)).ToList();
        if (missing.Count > 0)
        {
            throw SlipwayException.Invalid($"Model json is missing mandatory fields: {string.Join(", ", missing)}");
        }

        using var _ = timer.Start("log_model");
        var run = await store.GetRunAsync(workspaceId, runId!, cancellationToken);
        var history = run.Tags.FirstOrDefault(t => t.Key == SystemTags.LoggedModels)?.Value;
        var models = history is null ? [] : (JsonNode.Parse(history) as JsonArray ?? []);
        models.Add(model);
        await store.LogBatchAsync(workspaceId, runId!, [], [], [new Tag(SystemTags.LoggedModels, models.ToJsonString())], cancellationToken);
    }

    public async Task<Page<Metric>> GetMetricHistoryAsync(string workspaceId, string? runId, string? metricKey, long? maxResults, string? pageToken, CancellationToken cancellationToken = default)
    {
        TrackingValidator.ValidateRunId(runId);
        ValidationMessages.RequireValue(metricKey, "metric_key");
        var limit = TrackingValidator.ValidateMaxResults(maxResults, TrackingLimits.MetricHistoryDefaultMaxResults, TrackingLimits.MetricHistoryMaxResults, "max_results");
        PageToken.DecodeOffset(pageToken);
        using var _ = timer.Start("get_metric_history");
        return await store.GetMetricHistoryAsync(workspaceId, runId!, metricKey!, limit, pageToken, cancellationToken);
    }

    public async Task<IReadOnlyList<MetricWithRunId>> GetMetricHistoryBulkIntervalAsync(string workspaceId, IReadOnlyList<string> runIds, string? metricKey, long? startStep, long? endStep, long? maxResults, CancellationToken cancellationToken = default)
    {
        if (runIds.Count == 0)
        {
            throw SlipwayException.Invalid("GetMetricHistoryBulkInterval request must specify at least one run_id.");
        }

        if (runIds.Count > TrackingLimits.MaxRunIdsPerMetricHistoryBulkRequest)
        {
            throw SlipwayException.Invalid($"GetMetricHistoryBulkInterval request must specify at most {TrackingLimits.MaxRunIdsPerMetricHistoryBulkRequest} run_ids. Received {runIds.Count} run_ids.");
        }

        foreach (var runId in runIds)
        {
            TrackingValidator.ValidateRunId(runId);
        }

        ValidationMessages.RequireValue(metricKey, "metric_key");
        if (startStep is { } start && endStep is { } end && start > end)
        {
            throw SlipwayException.Invalid($"end_step must be greater than or equal to start_step. Found start_step={start} and end_step={end}.");
        }

        // MLflow caps rather than rejects an oversized max_results here; charts ask for what they can draw.
        var limit = maxResults is null
            ? TrackingLimits.MetricHistoryBulkIntervalMaxResults
            : TrackingValidator.ValidateMaxResults(Math.Min(maxResults.Value, TrackingLimits.MetricHistoryBulkIntervalMaxResults), TrackingLimits.MetricHistoryBulkIntervalMaxResults, TrackingLimits.MetricHistoryBulkIntervalMaxResults, "max_results");
        using var _ = timer.Start("get_metric_history_bulk_interval");
        return await store.GetMetricHistoryBulkIntervalAsync(workspaceId, runIds.Distinct().ToList(), metricKey!, startStep, endStep, limit, cancellationToken);
    }

    public async Task<Page<Run>> SearchRunsAsync(string workspaceId, IReadOnlyList<string> experimentIds, string? filter, ViewType viewType, long? maxResults, IReadOnlyList<string>? orderBy, string? pageToken, CancellationToken cancellationToken = default)
    {
        var query = new RunQuery(
            experimentIds,
            SearchParser.ParseRunFilter(filter),
            viewType,
            TrackingValidator.ValidateMaxResults(maxResults, TrackingLimits.SearchRunsDefaultMaxResults, TrackingLimits.SearchRunsMaxResults, "max_results"),
            SearchParser.ParseRunOrderBy(orderBy),
            pageToken);
        PageToken.DecodeOffset(pageToken);
        if (experimentIds.Count == 0)
        {
            return new Page<Run>([], null);
        }

        using var _ = timer.Start("search_runs");
        return await store.SearchRunsAsync(workspaceId, query, cancellationToken);
    }
}
