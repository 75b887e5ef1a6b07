using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Slipway.Serving.Deployments;
using Slipway.Serving.Logging;

namespace Slipway.Serving.Tests.Logging;

// IAsyncLifetime rather than IAsyncDisposable: xUnit 2 only calls the former, and the listener and the directory must go.
public sealed class CloudEventsSinkTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly WebhookListener _webhook = WebhookListener.Start();
    private readonly HttpClient _http = new();
    private readonly string _root = Directory.CreateTempSubdirectory("slipway-infer-hook-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _webhook.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_flushed_batch_is_posted_as_a_cloudevents_json_batch()
    {
        var sink = new CloudEventsSink(_http, _webhook.Url);
        var store = new MemoryLogStore();
        await using var writer = new InferenceLogWriter(store, webhook: sink);
        var first = LogRecords.Ok("r-1", LogRecords.Noon.AddMilliseconds(250));
        var second = LogRecords.Ok("r-2", LogRecords.Noon.AddSeconds(1)) with { Route = RouteNames.Shadow, Error = "boom", Outputs = [] };

        writer.TryWrite(first);
        writer.TryWrite(second);
        await writer.FlushAsync().WaitAsync(Wait);

        var request = Assert.Single(_webhook.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hooks/inference", request.Path);
        Assert.Equal(CloudEventsSink.MediaType, MediaTypeHeaderValue.Parse(request.ContentType!).MediaType);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(JsonValueKind.Array, body.RootElement.ValueKind);
        var events = body.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, events.Count);
        var ok = events[0];
        Assert.Equal("1.0", ok.GetProperty("specversion").GetString());
        Assert.Equal("r-1/primary", ok.GetProperty("id").GetString());
        Assert.Equal("/slipway/default/deployments/churn", ok.GetProperty("source").GetString());
        Assert.Equal("dev.slipway.inference.logged", ok.GetProperty("type").GetString());
        Assert.Equal("2026-03-14T12:00:00.250Z", ok.GetProperty("time").GetString());
        Assert.Equal(first.Timestamp, DateTimeOffset.Parse(ok.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("application/json", ok.GetProperty("datacontenttype").GetString());
        var data = ok.GetProperty("data");
        Assert.Equal("r-1", data.GetProperty("request_id").GetString());
        Assert.Equal("ok", data.GetProperty("status").GetString());
        Assert.Equal(1_773_489_600_250, data.GetProperty("timestamp_ms").GetInt64());
        var input = data.GetProperty("inputs")[0];
        Assert.Equal(("x", "FP32"), (input.GetProperty("name").GetString(), input.GetProperty("datatype").GetString()));
        Assert.Equal([1L, 2L], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal([0.5f, 1.5f], input.GetProperty("data").EnumerateArray().Select(d => d.GetSingle()));
        var failed = events[1];
        Assert.Equal("r-2/shadow", failed.GetProperty("id").GetString());
        Assert.Equal(("error", "boom"), (failed.GetProperty("data").GetProperty("status").GetString(), failed.GetProperty("data").GetProperty("error").GetString()));
        Assert.Equal(0, failed.GetProperty("data").GetProperty("outputs").GetArrayLength());
        Assert.Equal(2, sink.Sent);
        Assert.Equal(0, sink.Failed);
    }

    [Fact]
    public async Task A_failing_webhook_is_retried_then_counted_and_the_store_still_gets_every_batch()
    {
        _webhook.Status = HttpStatusCode.InternalServerError;
        var sink = new CloudEventsSink(_http, _webhook.Url, new CloudEventsSinkOptions { Retries = 1, RetryDelay = TimeSpan.FromMilliseconds(10) });
        await using var store = new FileInferenceLogStore(_root);
        await using var writer = new InferenceLogWriter(store, webhook: sink);

        for (var batch = 0; batch < 3; batch++)
        {
            writer.TryWrite(LogRecords.Ok($"r-{batch}", LogRecords.Noon.AddSeconds(batch)));
            await writer.FlushAsync().WaitAsync(Wait);
        }

        Assert.Equal(3, writer.Written);
        var stored = new List<string>();
        await foreach (var record in store.ReadAsync("default", "churn", LogRecords.Noon, LogRecords.Noon.AddHours(1)))
        {
            stored.Add(record.RequestId);
        }

        Assert.Equal(["r-0", "r-1", "r-2"], stored);
        Assert.Equal(3, sink.Failed);
        Assert.Equal(0, sink.Sent);
        Assert.Equal(6, _webhook.Requests.Count);
    }

    [Fact]
    public async Task A_client_error_is_not_retried()
    {
        _webhook.Status = HttpStatusCode.BadRequest;
        var sink = new CloudEventsSink(_http, _webhook.Url, new CloudEventsSinkOptions { Retries = 3, RetryDelay = TimeSpan.FromMilliseconds(10) });

        await sink.SendAsync([LogRecords.Ok("r-1", LogRecords.Noon), LogRecords.Ok("r-2", LogRecords.Noon)]).WaitAsync(Wait);

        Assert.Single(_webhook.Requests);
        Assert.Equal(2, sink.Failed);
    }

    [Fact]
    public async Task A_webhook_that_never_answers_times_out_and_is_counted()
    {
        _webhook.Hang = true;
        var sink = new CloudEventsSink(_http, _webhook.Url, new CloudEventsSinkOptions { Timeout = TimeSpan.FromMilliseconds(200), Retries = 0 });
        var store = new MemoryLogStore();
        await using var writer = new InferenceLogWriter(store, webhook: sink);

        writer.TryWrite(LogRecords.Ok("r-1", LogRecords.Noon));
        await writer.FlushAsync().WaitAsync(Wait);

        Assert.Equal(1, writer.Written);
        Assert.Equal(1, sink.Failed);
    }

    [Fact]
    public async Task Each_deployment_posts_to_its_own_webhook_and_deployments_without_one_post_nothing()
    {
        var sink = new CloudEventsSink(_http, record => record.Deployment == "churn" ? _webhook.Url : null);

        await sink.SendAsync(
        [
            LogRecords.Ok("r-1", LogRecords.Noon),
            LogRecords.Ok("r-2", LogRecords.Noon, deployment: "fraud"),
            LogRecords.Ok("r-3", LogRecords.Noon),
        ]).WaitAsync(Wait);

        using var body = JsonDocument.Parse(Assert.Single(_webhook.Requests).Body);
        Assert.Equal(["r-1/primary", "r-3/primary"], body.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(2, sink.Sent);
    }

    [Fact]
    public async Task A_webhook_that_is_not_an_http_url_is_counted_as_failed_without_a_request()
    {
        var sink = new CloudEventsSink(_http, "file:///etc/passwd");

        await sink.SendAsync([LogRecords.Ok("r-1", LogRecords.Noon)]).WaitAsync(Wait);

        Assert.Equal(1, sink.Failed);
        Assert.Empty(_webhook.Requests);
    }

    [Fact]
    public async Task An_unreachable_webhook_is_counted_as_failed()
    {
        await using var closed = WebhookListener.Start();
        var url = closed.Url;
        await closed.DisposeAsync();
        var sink = new CloudEventsSink(_http, url, new CloudEventsSinkOptions { Retries = 0 });

        await sink.SendAsync([LogRecords.Ok("r-1", LogRecords.Noon)]).WaitAsync(Wait);

        Assert.Equal(1, sink.Failed);
    }
}
