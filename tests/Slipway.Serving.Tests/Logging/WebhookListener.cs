using System.Collections.Concurrent;
using System.Net;

namespace Slipway.Serving.Tests.Logging;

/// <summary>
/// A real HTTP server on a random loopback port (HttpListener) standing for a webhook: it records every request and
/// answers <see cref="Status"/>, or, while <see cref="Hang"/> is on, holds the request until it is disposed.
/// </summary>
internal sealed class WebhookListener : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly ConcurrentQueue<WebhookRequest> _requests = new();
    private readonly ConcurrentDictionary<Task, bool> _handlers = new();
    private readonly TaskCompletionSource _closing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _acceptLoop;
    private int _disposed;

    private WebhookListener(HttpListener listener, string url)
    {
        _listener = listener;
        Url = url;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public string Url { get; }

    public IReadOnlyList<WebhookRequest> Requests => [.. _requests];

    public HttpStatusCode Status { get; set; } = HttpStatusCode.Accepted;

    public bool Hang { get; set; }

    public static WebhookListener Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var prefix = $"http://127.0.0.1:{Random.Shared.Next(20000, 60000)}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
                return new WebhookListener(listener, prefix + "hooks/inference");
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _closing.TrySetResult();
        await Task.WhenAll(_handlers.Keys);
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // On Linux HttpListener can fail to unregister a port another listener took in between; it is closed anyway.
        }

        await _acceptLoop;
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
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

            var handler = HandleAsync(context);
            _handlers[handler] = true;
            _ = handler.ContinueWith(done => _handlers.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        _requests.Enqueue(new WebhookRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
        if (Hang)
        {
            await _closing.Task;
        }

        try
        {
            context.Response.StatusCode = (int)Status;
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // The client gave up first.
        }
    }
}
