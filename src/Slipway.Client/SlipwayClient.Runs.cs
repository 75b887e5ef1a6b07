using Slipway.Client.Http;
using Slipway.Client.Logging;
using Slipway.Client.Wire;
using Slipway.Client.Wire.Requests;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;

namespace Slipway.Client;

public sealed partial class SlipwayClient
{
    /// <summary>Creates a run in an experiment (<c>runs/create</c>). <paramref name="startTime"/> defaults to now.</summary>
    public async Task<Run> CreateRunAsync(
        string experimentId,
        string? runName = null,
        IEnumerable<Tag>? tags = null,
        long? startTime = null,
        string? userId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        var request = new CreateRunRequest
        {
            ExperimentId = experimentId,
            RunName = runName,
            Tags = WireMapper.ToWire(tags),
            StartTime = startTime ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            UserId = userId,
        };
        var response = await PostAsync("runs/create", request, WireJsonContext.Default.CreateRunRequest, WireJsonContext.Default.RunResponse, cancellationToken);
        return (response.Run ?? new WireRun()).ToDomain();
    }

    /// <summary>A run with its latest metric values, params, tags and dataset inputs.</summary>
    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var response = await GetAsync("runs/get", new QueryStringBuilder().Add("run_id", runId), WireJsonContext.Default.RunResponse, cancellationToken);
        return (response.Run ?? new WireRun()).ToDomain();
    }

    /// <summary>Changes a run's status, end time or name (<c>runs/update</c>); null fields stay as they are.</summary>
    public async Task<RunInfo> UpdateRunAsync(string runId, RunUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(update);
        var request = new UpdateRunRequest { RunId = runId, Status = update.Status?.ToName(), EndTime = update.EndTime, RunName = update.RunName };
        var response = await PostAsync("runs/update", request, WireJsonContext.Default.UpdateRunRequest, WireJsonContext.Default.UpdateRunResponse, cancellationToken);
        return (response.RunInfo ?? new WireRunInfo { RunId = runId }).ToDomain();
    }

    public Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return PostAsync("runs/delete", new RunIdRequest { RunId = runId }, WireJsonContext.Default.RunIdRequest, cancellationToken);
    }

    public Task RestoreRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return PostAsync("runs/restore", new RunIdRequest { RunId = runId }, WireJsonContext.Default.RunIdRequest, cancellationToken);
    }

    /// <summary>Logs one metric value in its own request; <paramref name="timestamp"/> (Unix ms) defaults to now.</summary>
    public Task LogMetricAsync(string runId, string key, double value, long step = 0, long? timestamp = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var request = new LogMetricRequest
        {
            RunId = runId,
            Key = key,
            Value = value,
            Step = step,
            Timestamp = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        };
        return PostAsync("runs/log-metric", request, WireJsonContext.Default.LogMetricRequest, cancellationToken);
    }

    public Task LogParamAsync(string runId, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return PostAsync("runs/log-parameter", new RunKeyValueRequest { RunId = runId, Key = key, Value = value }, WireJsonContext.Default.RunKeyValueRequest, cancellationToken);
    }

    public Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return PostAsync("runs/set-tag", new RunKeyValueRequest { RunId = runId, Key = key, Value = value }, WireJsonContext.Default.RunKeyValueRequest, cancellationToken);
    }

    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return PostAsync("runs/delete-tag", new RunKeyRequest { RunId = runId, Key = key }, WireJsonContext.Default.RunKeyRequest, cancellationToken);
    }

    /// <summary>
    /// Logs metrics, params and tags (<c>runs/log-batch</c>). Data beyond one request's limits
    /// (<see cref="LogBatchLimits"/>) is sent as several requests, in order; each request is atomic on the server,
    /// the whole call is not.
    /// </summary>
    public async Task LogBatchAsync(
        string runId,
        IReadOnlyList<Metric>? metrics = null,
        IReadOnlyList<Param>? parameters = null,
        IReadOnlyList<Tag>? tags = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        foreach (var batch in LogBatchSplitter.Split(metrics ?? [], parameters ?? [], tags ?? []))
        {
            await SendLogBatchAsync(runId, batch, cancellationToken);
        }
    }

    /// <summary>Records datasets a run used (<c>runs/log-inputs</c>).</summary>
    public Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> datasets, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(datasets);
        var request = new LogInputsRequest { RunId = runId, Datasets = datasets.Select(d => d.ToWire()).ToList() };
        return PostAsync("runs/log-inputs", request, WireJsonContext.Default.LogInputsRequest, cancellationToken);
    }

    /// <summary>One page of runs from one or more experiments (<c>runs/search</c>).</summary>
    /// <param name="filter">MLflow filter syntax, such as <c>metrics.rmse &lt; 1 and params.model = 'tree'</c>.</param>
    /// <param name="orderBy">Clauses such as <c>metrics.rmse ASC</c> or <c>attributes.start_time DESC</c>.</param>
    public async Task<Page<Run>> SearchRunsAsync(
        IEnumerable<string> experimentIds,
        string? filter = null,
        IEnumerable<string>? orderBy = null,
        ViewType viewType = ViewType.ActiveOnly,
        int? maxResults = null,
        string? pageToken = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experimentIds);
        var request = new SearchRunsRequest
        {
            ExperimentIds = experimentIds.ToList(),
            Filter = filter,
            OrderBy = orderBy?.ToList(),
            RunViewType = viewType.ToName(),
            MaxResults = maxResults,
            PageToken = pageToken,
        };
        var response = await PostAsync("runs/search", request, WireJsonContext.Default.SearchRunsRequest, WireJsonContext.Default.SearchRunsResponse, cancellationToken);
        return new Page<Run>(response.Runs?.Select(r => r.ToDomain()).ToArray() ?? [], NullIfEmpty(response.NextPageToken));
    }

    /// <summary>Every matching run, following page tokens; stop enumerating to stop fetching.</summary>
    public IAsyncEnumerable<Run> SearchAllRunsAsync(
        IEnumerable<string> experimentIds,
        string? filter = null,
        IEnumerable<string>? orderBy = null,
        ViewType viewType = ViewType.ActiveOnly,
        int? pageSize = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experimentIds);
        var ids = experimentIds.ToList();
        var order = orderBy?.ToList();
        return FollowPagesAsync((token, ct) => SearchRunsAsync(ids, filter, order, viewType, pageSize, token, ct), cancellationToken);
    }

    /// <summary>One page of the values logged for a metric (<c>metrics/get-history</c>).</summary>
    public async Task<Page<Metric>> GetMetricHistoryAsync(
        string runId, string metricKey, int? maxResults = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(metricKey);
        var query = new QueryStringBuilder()
            .Add("run_id", runId)
            .Add("metric_key", metricKey)
            .Add("max_results", maxResults)
            .Add("page_token", pageToken);
        var response = await GetAsync("metrics/get-history", query, WireJsonContext.Default.MetricHistoryResponse, cancellationToken);
        return new Page<Metric>(response.Metrics?.Select(m => m.ToDomain()).ToArray() ?? [], NullIfEmpty(response.NextPageToken));
    }

    /// <summary>Every value logged for a metric, following page tokens.</summary>
    public IAsyncEnumerable<Metric> GetFullMetricHistoryAsync(string runId, string metricKey, CancellationToken cancellationToken = default) =>
        FollowPagesAsync((token, ct) => GetMetricHistoryAsync(runId, metricKey, maxResults: null, token, ct), cancellationToken);

    /// <summary>Sends one <c>runs/log-batch</c> request; the batch must already be within the limits.</summary>
    internal Task SendLogBatchAsync(string runId, RunDataBatch batch, CancellationToken cancellationToken)
    {
        var request = new LogBatchRequest
        {
            RunId = runId,
            Metrics = batch.Metrics.Select(m => m.ToWire()).ToList(),
            Params = batch.Params.Select(p => p.ToWire()).ToList(),
            Tags = batch.Tags.Select(t => t.ToWire()).ToList(),
        };
        return PostAsync("runs/log-batch", request, WireJsonContext.Default.LogBatchRequest, cancellationToken);
    }
}
