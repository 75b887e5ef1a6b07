using System.Globalization;
using System.Net.Http.Headers;
using Slipway.Client.Http;
using Slipway.Client.Pipelines;
using Slipway.Client.Wire;
using Slipway.Client.Wire.Requests;
using Slipway.Core.Pipelines;
using Slipway.Core.Stores;

namespace Slipway.Client;

/// <summary>
/// Pipelines (<c>/api/v1/pipelines</c>, <c>/api/v1/pipeline-runs</c>): validate, register and launch pipeline files,
/// follow their runs and steps, read step logs, manage webhooks. To run a pipeline file with its code, prefer
/// <see cref="RunPipelineAsync"/>, which builds on these calls. A spec is the pipeline file's YAML text; its
/// <c>fileName</c> is what the server's messages cite (<c>slipway.yaml:12:5: steps.train.run: ...</c>).
/// </summary>
public sealed partial class SlipwayClient
{
    /// <summary>The header that carries a step log's next offset.</summary>
    public const string LogOffsetHeader = "X-Slipway-Log-Offset";

    /// <summary>The header, <c>true</c> once a step has ended and its whole log was sent.</summary>
    public const string LogCompleteHeader = "X-Slipway-Log-Complete";

    /// <summary>The longest a step log request waits for new output.</summary>
    public static readonly TimeSpan MaxLogWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Checks a pipeline file without registering or running it. A file with problems raises
    /// <see cref="SlipwayApiException"/> (400) whose <see cref="SlipwayApiException.ServerMessage"/> has one line per
    /// problem: <c>file:line:col: field: message</c>.
    /// </summary>
    public async Task<PipelineSpecSummary> ValidatePipelineAsync(string spec, string? fileName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var response = await NativeAsync(
            HttpMethod.Post, "pipelines/validate", new PipelineSpecRequest { Spec = spec, FileName = fileName },
            WireJsonContext.Default.PipelineSpecRequest, WireJsonContext.Default.WirePipelineSpecSummary, cancellationToken);
        return response.ToDomain();
    }

    /// <summary>
    /// Registers a pipeline, or replaces the one of the same name; its triggers (schedules, webhooks, dataset and
    /// alert triggers) become the active ones.
    /// </summary>
    /// <param name="code">The code snapshot its runs use, such as <c>data:code.churn@3</c> (see <see cref="PushPipelineCodeAsync"/>).</param>
    public async Task<PipelineInfo> RegisterPipelineAsync(string spec, string? fileName = null, string? code = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var response = await NativeAsync(
            HttpMethod.Post, "pipelines", new PipelineSpecRequest { Spec = spec, FileName = fileName, Code = code },
            WireJsonContext.Default.PipelineSpecRequest, WireJsonContext.Default.WirePipeline, cancellationToken);
        return response.ToDomain();
    }

    /// <summary>The registered pipelines of the workspace (without their specs).</summary>
    public async Task<IReadOnlyList<PipelineInfo>> ListPipelinesAsync(CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, "pipelines", WireJsonContext.Default.PipelinesResponse, cancellationToken);
        return response.Pipelines?.Select(p => p.ToDomain()).ToArray() ?? [];
    }

    /// <summary>A registered pipeline with its spec and what the server understood of it.</summary>
    public async Task<PipelineInfo> GetPipelineAsync(string name, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, PipelinePath(name), WireJsonContext.Default.WirePipeline, cancellationToken);
        return response.ToDomain();
    }

    /// <summary>Unregisters a pipeline: its triggers and webhooks stop; its runs stay.</summary>
    public async Task DeletePipelineAsync(string name, CancellationToken cancellationToken = default) =>
        await NativeAsync(HttpMethod.Delete, PipelinePath(name), WireJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>
    /// Launches a run of a pipeline file (registered or not) with parameter overrides. The run starts, or is queued
    /// behind an unfinished one; or nothing starts and <see cref="LaunchOutcome.Skipped"/> says why.
    /// </summary>
    /// <param name="code">The code snapshot the steps run in, such as <c>data:code.churn@3</c>.</param>
    public async Task<LaunchOutcome> LaunchPipelineAsync(
        string spec,
        string? fileName = null,
        string? code = null,
        IReadOnlyDictionary<string, string>? parameters = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var request = new PipelineSpecRequest { Spec = spec, FileName = fileName, Code = code, Params = ParamsOrNull(parameters) };
        var response = await NativeAsync(
            HttpMethod.Post, "pipeline-runs", request, WireJsonContext.Default.PipelineSpecRequest, WireJsonContext.Default.LaunchResponse, cancellationToken);
        return response.ToDomain();
    }

    /// <summary>Launches a run of a registered pipeline (its last applied spec and code) with parameter overrides.</summary>
    public async Task<LaunchOutcome> LaunchRegisteredPipelineAsync(
        string name, IReadOnlyDictionary<string, string>? parameters = null, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(
            HttpMethod.Post, PipelinePath(name) + "/runs", new LaunchParamsRequest { Params = ParamsOrNull(parameters) },
            WireJsonContext.Default.LaunchParamsRequest, WireJsonContext.Default.LaunchResponse, cancellationToken);
        return response.ToDomain();
    }

    /// <summary>One page of pipeline runs, newest first, without their steps.</summary>
    /// <param name="pipeline">Only this pipeline's runs; null for every pipeline's.</param>
    /// <param name="status">Only runs in this status.</param>
    public async Task<Page<PipelineRunInfo>> ListPipelineRunsAsync(
        string? pipeline = null,
        PipelineRunStatus? status = null,
        int? maxResults = null,
        string? pageToken = null,
        CancellationToken cancellationToken = default)
    {
        var query = new QueryStringBuilder()
            .Add("pipeline", pipeline)
            .Add("status", status?.Name())
            .Add("max_results", maxResults)
            .Add("page_token", pageToken);
        var response = await NativeAsync(HttpMethod.Get, "pipeline-runs" + query, WireJsonContext.Default.PipelineRunsResponse, cancellationToken);
        return new Page<PipelineRunInfo>(response.Runs?.Select(r => r.ToDomain()).ToArray() ?? [], NullIfEmpty(response.NextPageToken));
    }

    /// <summary>Every matching pipeline run, newest first, following page tokens.</summary>
    public IAsyncEnumerable<PipelineRunInfo> ListAllPipelineRunsAsync(
        string? pipeline = null, PipelineRunStatus? status = null, int? pageSize = null, CancellationToken cancellationToken = default) =>
        FollowPagesAsync((token, ct) => ListPipelineRunsAsync(pipeline, status, pageSize, token, ct), cancellationToken);

    /// <summary>A pipeline run with its steps, each with its attempts.</summary>
    public async Task<PipelineRunInfo> GetPipelineRunAsync(string pipelineRunId, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, PipelineRunPath(pipelineRunId), WireJsonContext.Default.WirePipelineRun, cancellationToken);
        return response.ToDomain();
    }

    /// <summary>
    /// Asks the server to cancel a run: running steps are stopped, the rest will not start. Returns the run as it
    /// stands (<see cref="PipelineRunInfo.CancelRequested"/> set; <see cref="WaitForPipelineRunAsync"/> sees it end).
    /// </summary>
    public async Task<PipelineRunInfo> CancelPipelineRunAsync(string pipelineRunId, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Post, PipelineRunPath(pipelineRunId) + "/cancel", WireJsonContext.Default.WirePipelineRun, cancellationToken);
        return response.ToDomain();
    }

    /// <summary>
    /// Launches a new run of a finished run's pipeline with the same spec, params and code; steps whose results are
    /// cached are not run again.
    /// </summary>
    public async Task<LaunchOutcome> RetryPipelineRunAsync(string pipelineRunId, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Post, PipelineRunPath(pipelineRunId) + "/retry", WireJsonContext.Default.LaunchResponse, cancellationToken);
        return response.ToDomain();
    }

    /// <summary>
    /// A step's log from byte <paramref name="offset"/> on. When there is nothing new yet, the server waits up to
    /// <paramref name="wait"/> (at most <see cref="MaxLogWait"/>) for more before answering with an empty chunk.
    /// Ask again from <see cref="LogChunk.NextOffset"/> until <see cref="LogChunk.IsComplete"/>.
    /// </summary>
    /// <param name="step">The step's name; a sweep variant's, such as <c>train[lr=0.1]</c>.</param>
    public async Task<LogChunk> ReadStepLogAsync(
        string pipelineRunId, string step, long offset = 0, TimeSpan? wait = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var waitSeconds = (long)Math.Clamp((wait ?? TimeSpan.Zero).TotalSeconds, 0, MaxLogWait.TotalSeconds);
        var query = new QueryStringBuilder().Add("offset", offset).Add("wait", waitSeconds);
        var uri = NativeApi + PipelineRunPath(pipelineRunId) + "/steps/" + PathSegment(step) + "/logs" + query;
        using var response = await SendAsync(HttpMethod.Get, uri, content: null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var nextOffset = HeaderValue(response, LogOffsetHeader) is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var next)
            ? next
            : offset + content.Length;
        var complete = string.Equals(HeaderValue(response, LogCompleteHeader), "true", StringComparison.OrdinalIgnoreCase);
        return new LogChunk(content, nextOffset, complete);
    }

    /// <summary>
    /// Creates a webhook that launches the registered pipeline <paramref name="pipeline"/> when called. The answer
    /// holds its secret token this once; store it where the caller (CI, a data platform) keeps secrets.
    /// </summary>
    public async Task<PipelineWebhookInfo> CreatePipelineWebhookAsync(string pipeline, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Post, PipelinePath(pipeline) + "/webhooks", WireJsonContext.Default.WireWebhook, cancellationToken);
        return response.ToDomain();
    }

    /// <summary>The webhooks of a registered pipeline (without their tokens).</summary>
    public async Task<IReadOnlyList<PipelineWebhookInfo>> ListPipelineWebhooksAsync(string pipeline, CancellationToken cancellationToken = default)
    {
        var response = await NativeAsync(HttpMethod.Get, PipelinePath(pipeline) + "/webhooks", WireJsonContext.Default.WebhooksResponse, cancellationToken);
        return response.Webhooks?.Select(w => w.ToDomain()).ToArray() ?? [];
    }

    /// <summary>Deletes a webhook: calls to its URL are refused from then on.</summary>
    public async Task DeletePipelineWebhookAsync(string pipeline, string webhookId, CancellationToken cancellationToken = default) =>
        await NativeAsync(
            HttpMethod.Delete, $"{PipelinePath(pipeline)}/webhooks/{PathSegment(webhookId)}", WireJsonContext.Default.EmptyResponse, cancellationToken);

    /// <summary>
    /// Calls a webhook as an outside system would, with its token instead of this client's credentials, launching
    /// its pipeline with <paramref name="parameters"/> as overrides.
    /// </summary>
    public async Task<LaunchOutcome> CallPipelineWebhookAsync(
        string webhookId, string token, IReadOnlyDictionary<string, string>? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        var body = JsonBody(new LaunchParamsRequest { Params = ParamsOrNull(parameters) }, WireJsonContext.Default.LaunchParamsRequest);
        using var response = await SendAsync(
            _http, HttpMethod.Post, $"{NativeApi}hooks/{PathSegment(webhookId)}", body, HttpCompletionOption.ResponseContentRead, cancellationToken,
            new AuthenticationHeaderValue("Bearer", token));
        await EnsureSuccessAsync(response, cancellationToken);
        return (await ReadJsonAsync(response, WireJsonContext.Default.LaunchResponse, cancellationToken)).ToDomain();
    }

    /// <summary>
    /// Reports an alert (from a monitor, or any alerting system): registered pipelines whose <c>alert</c> trigger names
    /// it start, unless their cooldown or concurrency policy says otherwise.
    /// </summary>
    public async Task<AlertOutcome> RaiseAlertAsync(string alert, string? detail = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(alert);
        var response = await NativeAsync(
            HttpMethod.Post, "events/alerts", new AlertEventRequest { Alert = alert, Detail = detail },
            WireJsonContext.Default.AlertEventRequest, WireJsonContext.Default.AlertEventResponse, cancellationToken);
        return new AlertOutcome(response.Started?.Select(r => r.ToDomain()).ToArray() ?? [], response.Skipped ?? []);
    }

    private static string PipelinePath(string name) => $"pipelines/{PathSegment(name)}";

    private static string PipelineRunPath(string pipelineRunId) => $"pipeline-runs/{PathSegment(pipelineRunId)}";

    private static Dictionary<string, string>? ParamsOrNull(IReadOnlyDictionary<string, string>? parameters) =>
        parameters is { Count: > 0 } ? new Dictionary<string, string>(parameters, StringComparer.Ordinal) : null;

    private static string? HeaderValue(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
