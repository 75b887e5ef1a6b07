using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Slipway.Client.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 (HttpListener) that records every request and answers from handlers mapped per
/// method and path, like an MLflow server would. Unmapped endpoints answer 404 ENDPOINT_NOT_FOUND.
/// </summary>
public sealed class FakeMlflowServer : IAsyncDisposable
{
    public const string MlflowPrefix = "/api/2.0/mlflow/";

    private readonly HttpListener _listener;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, Func<RecordedRequest, FakeResponse>> _routes = new(StringComparer.Ordinal);
    private readonly Task _acceptLoop;

    private FakeMlflowServer(HttpListener listener, Uri baseUri)
    {
        _listener = listener;
        BaseUri = baseUri;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseUri { get; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static FakeMlflowServer Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(20000, 60000);
            var prefix = $"http://127.0.0.1:{port}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
                return new FakeMlflowServer(listener, new Uri(prefix));
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close();
            }
        }
    }

    /// <summary>Maps a handler; a path without a leading slash is relative to <c>/api/2.0/mlflow/</c>.</summary>
    public FakeMlflowServer Map(string method, string path, Func<RecordedRequest, FakeResponse> handler)
    {
        _routes[Key(method, path.StartsWith('/') ? path : MlflowPrefix + path)] = handler;
        return this;
    }

    public FakeMlflowServer Map(string method, string path, FakeResponse response) => Map(method, path, _ => response);

    /// <summary>Requests to a path (relative to <c>/api/2.0/mlflow/</c> unless it starts with a slash), in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> RequestsTo(string path)
    {
        var fullPath = path.StartsWith('/') ? path : MlflowPrefix + path;
        return Requests.Where(r => r.Path == fullPath).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // HttpListener on Linux can fail to unregister its prefix when another listener took the same port in
            // between ("Address already in use"); the listener is closed either way, and a test must not fail on it.
        }

        try
        {
            await _acceptLoop;
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static string Key(string method, string path) => method.ToUpperInvariant() + " " + path;

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var recorded = new RecordedRequest(request.HttpMethod, request.Url!.AbsolutePath, request.QueryString, request.Headers, body);
        _requests.Enqueue(recorded);
        var response = _routes.TryGetValue(Key(recorded.Method, recorded.Path), out var handler)
            ? handler(recorded)
            : FakeResponse.Error(404, "ENDPOINT_NOT_FOUND", $"No handler for {recorded.Method} {recorded.Path}");

        var bytes = Encoding.UTF8.GetBytes(response.Body);
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        context.Response.ContentLength64 = bytes.Length;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        try
        {
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (HttpListenerException)
        {
            // The client went away.
        }
    }
}
