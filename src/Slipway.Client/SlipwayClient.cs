using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Slipway.Client.Wire;
using Slipway.Client.Wire.Responses;
using Slipway.Core.Errors;
using Slipway.Core.Security;

namespace Slipway.Client;

/// <summary>
/// Typed client of a Slipway (or any MLflow 2.x) tracking server: experiments, runs, the model registry, proxied
/// artifacts and (Slipway only) users, tokens, workspaces, permissions and the audit log. Methods return
/// Slipway.Core domain records; server errors surface as <see cref="SlipwayApiException"/> and an unreachable server
/// as <see cref="SlipwayConnectionException"/>. Thread-safe; create one and reuse it.
/// </summary>
public sealed partial class SlipwayClient : IDisposable
{
    /// <summary>The header that chooses the workspace a request acts in (see <see cref="Workspace"/>).</summary>
    public const string WorkspaceHeader = "X-Slipway-Workspace";

    private const string MlflowApi = "api/2.0/mlflow/";
    private const string NativeApi = "api/v1/";
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;

    /// <summary>
    /// Sends dataset transfers, which may carry gigabytes: without a whole-request timeout (a
    /// <see cref="Datasets.TransferWatchdog"/> catches stalls instead). The same as <see cref="_http"/> when the caller
    /// supplied the HttpClient.
    /// </summary>
    private readonly HttpClient _transferHttp;
    private readonly SocketsHttpHandler? _ownedHandler;
    private readonly SlipwayCredentials? _credentials;

    /// <param name="baseUri">The server root, such as <c>http://127.0.0.1:5000</c> (a path prefix is kept).</param>
    /// <param name="httpClient">An HttpClient to send requests with; the caller keeps ownership. Null creates one.</param>
    /// <param name="credentials">Sent as the <c>Authorization</c> header of every request.</param>
    public SlipwayClient(Uri baseUri, HttpClient? httpClient = null, SlipwayCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        if (!baseUri.IsAbsoluteUri)
        {
            throw new ArgumentException($"The server URI '{baseUri}' must be absolute, such as {TrackingEnvironment.DefaultTrackingUri}.", nameof(baseUri));
        }

        BaseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        if (httpClient is null)
        {
            _ownedHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
            _http = new HttpClient(_ownedHandler, disposeHandler: false) { Timeout = TimeSpan.FromMinutes(5) };
            _transferHttp = new HttpClient(_ownedHandler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        }
        else
        {
            _http = httpClient;
            _transferHttp = httpClient;
        }

        _credentials = credentials;
    }

    /// <summary>The server root, always ending with a slash.</summary>
    public Uri BaseUri { get; }

    /// <summary>
    /// The workspace every request acts in, sent as the <c>X-Slipway-Workspace</c> header. Null leaves the choice to
    /// the server: the workspace an API token is bound to, else <c>default</c>. Workspaces separate teams'
    /// experiments and models on one server, so one client talks to one workspace.
    /// </summary>
    public string? Workspace
    {
        get;
        init => field = value is null || WorkspaceNames.IsValid(value)
            ? value
            : throw new ArgumentException(
                $"Invalid workspace '{value}': a workspace id has 1 to {WorkspaceNames.MaxLength} lower-case letters, digits, '-' and '_', and starts with a letter or digit.",
                nameof(value));
    }

    /// <summary>
    /// A client for the server named by SLIPWAY_TRACKING_URI, then MLFLOW_TRACKING_URI (default
    /// <c>http://127.0.0.1:5000</c>), authenticating with MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD,
    /// in the workspace SLIPWAY_WORKSPACE names (if any).
    /// </summary>
    public static SlipwayClient FromEnvironment(Func<string, string?>? getVariable = null)
    {
        var text = TrackingEnvironment.ResolveTrackingUri(getVariable);
        if (!TrackingEnvironment.TryParseTrackingUri(text, out var uri, out var error))
        {
            throw new ArgumentException(error, nameof(getVariable));
        }

        return new SlipwayClient(uri, credentials: TrackingEnvironment.ResolveCredentials(getVariable))
        {
            Workspace = TrackingEnvironment.ResolveWorkspace(getVariable),
            EnvironmentRunId = (getVariable ?? Environment.GetEnvironmentVariable)(TrackingEnvironment.MlflowRunId) is { Length: > 0 } runId ? runId : null,
        };
    }

    /// <summary>
    /// The run MLFLOW_RUN_ID named when this client was made by <see cref="FromEnvironment"/> (inside a pipeline step:
    /// the step's own run). <see cref="StartRunAsync"/> continues it instead of creating a run, as MLflow's
    /// <c>start_run()</c> does.
    /// </summary>
    public string? EnvironmentRunId { get; init; }

    public void Dispose()
    {
        if (_ownedHandler is not null)
        {
            _http.Dispose();
            _transferHttp.Dispose();
            _ownedHandler.Dispose();
        }
    }

    private Task<TResponse> PostAsync<TRequest, TResponse>(
        string endpoint, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, MlflowApi + endpoint, JsonBody(body, requestType), responseType, cancellationToken);

    private async Task PostAsync<TRequest>(string endpoint, TRequest body, JsonTypeInfo<TRequest> requestType, CancellationToken cancellationToken) =>
        await SendJsonAsync(HttpMethod.Post, MlflowApi + endpoint, JsonBody(body, requestType), WireJsonContext.Default.EmptyResponse, cancellationToken);

    private Task<TResponse> PatchAsync<TRequest, TResponse>(
        string endpoint, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Patch, MlflowApi + endpoint, JsonBody(body, requestType), responseType, cancellationToken);

    /// <summary>
    /// DELETE with the parameters both in a JSON body (as MLflow's own clients send them) and in the query string,
    /// so servers reading either place understand the request.
    /// </summary>
    private async Task DeleteAsync<TRequest>(string endpoint, TRequest body, JsonTypeInfo<TRequest> requestType, Http.QueryStringBuilder query, CancellationToken cancellationToken) =>
        await SendJsonAsync(HttpMethod.Delete, MlflowApi + endpoint + query, JsonBody(body, requestType), WireJsonContext.Default.EmptyResponse, cancellationToken);

    private Task<TResponse> GetAsync<TResponse>(string endpoint, Http.QueryStringBuilder query, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Get, MlflowApi + endpoint + query, content: null, responseType, cancellationToken);

    /// <summary>A call to the native API under <c>/api/v1/</c> without a request body.</summary>
    private Task<TResponse> NativeAsync<TResponse>(HttpMethod method, string path, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        SendJsonAsync(method, NativeApi + path, content: null, responseType, cancellationToken);

    /// <summary>A call to the native API under <c>/api/v1/</c> with a JSON request body.</summary>
    private Task<TResponse> NativeAsync<TRequest, TResponse>(
        HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        SendJsonAsync(method, NativeApi + path, JsonBody(body, requestType), responseType, cancellationToken);

    /// <summary>
    /// A name escaped for one segment of a URL path. <c>.</c> and <c>..</c> are refused: URI normalisation would
    /// remove them (even escaped), and the request would reach a different route.
    /// </summary>
    private static string PathSegment(string value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        if (value is "." or "..")
        {
            throw new ArgumentException($"'{value}' cannot be sent as part of a URL path.", name);
        }

        return Uri.EscapeDataString(value);
    }

    private static ByteArrayContent JsonBody<T>(T body, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type));
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    private async Task<TResponse> SendJsonAsync<TResponse>(
        HttpMethod method, string relativeUri, HttpContent? content, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, relativeUri, content, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await ReadJsonAsync(response, responseType, cancellationToken);
    }

    private async Task<TResponse> ReadJsonAsync<TResponse>(HttpResponseMessage response, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (bytes.Length == 0)
        {
            bytes = "{}"u8.ToArray();
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, responseType)
                ?? throw new JsonException("The response body is null.");
        }
        catch (JsonException ex)
        {
            throw new SlipwayException(
                ErrorCode.InternalError,
                $"Unexpected response from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri ?? BaseUri}: {ex.Message}",
                ex);
        }
    }

    /// <summary>Sends a request, turning transport failures into <see cref="SlipwayConnectionException"/>. The caller disposes the response.</summary>
    private Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string relativeUri, HttpContent? content, HttpCompletionOption completion, CancellationToken cancellationToken) =>
        SendAsync(_http, method, relativeUri, content, completion, cancellationToken);

    /// <param name="authorization">Sent instead of the client's credentials (a webhook's token, say).</param>
    private async Task<HttpResponseMessage> SendAsync(
        HttpClient http,
        HttpMethod method,
        string relativeUri,
        HttpContent? content,
        HttpCompletionOption completion,
        CancellationToken cancellationToken,
        AuthenticationHeaderValue? authorization = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUri, relativeUri)) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if ((authorization ?? _credentials?.AuthorizationHeader) is { } header)
        {
            request.Headers.Authorization = header;
        }

        if (Workspace is not null)
        {
            request.Headers.Add(WorkspaceHeader, Workspace);
        }

        try
        {
            return await http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.StatusCode is null)
        {
            throw new SlipwayConnectionException(BaseUri, DescribeTransportFailure(ex), ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SlipwayConnectionException(BaseUri, $"no response within {_http.Timeout.TotalSeconds:0} seconds", ex);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        WireError? error = null;
        try
        {
            error = body.Length > 0 ? JsonSerializer.Deserialize(body, WireJsonContext.Default.WireError) : null;
        }
        catch (JsonException)
        {
            // Not an MLflow error body (a proxy's HTML page, for instance): fall back to the status line below.
        }

        var status = response.StatusCode;

        // The inference protocols answer {"error": "..."} without a code; their 404 means no such deployment or version.
        var inferenceError = string.IsNullOrEmpty(error?.ErrorCode) && !string.IsNullOrEmpty(error?.Error) ? error.Error : null;
        var code = inferenceError is not null && status == HttpStatusCode.NotFound
            ? ErrorCode.ResourceDoesNotExist
            : SlipwayApiException.ParseErrorCode(error?.ErrorCode, status);
        var codeName = string.IsNullOrEmpty(error?.ErrorCode) ? code.ToWireName() : error.ErrorCode;
        var message = !string.IsNullOrEmpty(error?.Message) ? error.Message
            : inferenceError
            ?? $"HTTP {(int)status} {response.ReasonPhrase}{(error is null && body.Length > 0 ? ": " + Truncate(body, 200) : string.Empty)}";
        throw new SlipwayApiException(code, codeName, status, message);
    }

    private static string DescribeTransportFailure(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData => "unknown host",
                    SocketError.TimedOut => "connection timed out",
                    _ => socket.Message,
                };
            }
        }

        return ex.Message;
    }

    private static string Truncate(string text, int length) =>
        text.Length <= length ? text.Trim() : string.Concat(text.AsSpan(0, length).Trim(), "...");

    private static string FormatVersion(long version) => version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsNotFound(SlipwayApiException ex) => ex.Code == ErrorCode.ResourceDoesNotExist;
}
