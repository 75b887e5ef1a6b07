using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Slipway.Serving.Logging;

/// <summary>
/// Sends inference log records to a webhook as CloudEvents 1.0, in the JSON batch format (HTTP batched content mode):
/// one POST of <c>application/cloudevents-batch+json</c> per batch and webhook, whose body is a JSON array of events
/// <code>
/// {"specversion":"1.0","id":"{request_id}/{route}","source":"/slipway/{workspace}/deployments/{deployment}",
///  "type":"dev.slipway.inference.logged","time":"2026-01-01T00:00:00.000Z","datacontenttype":"application/json",
///  "data":{ the record, as in the log files }}
/// </code>
/// Failures (an answer other than 2xx, a timeout, a network error) are retried a little, then counted in
/// <see cref="Failed"/> and logged; <see cref="SendAsync"/> never throws, and each POST has a timeout, so the
/// webhook can never hold the inference log up for long.
/// </summary>
public sealed class CloudEventsSink
{
    public const string MediaType = "application/cloudevents-batch+json";

    public const string EventType = "dev.slipway.inference.logged";

    private static readonly TimeSpan FailureLogInterval = TimeSpan.FromMinutes(1);

    private readonly HttpClient _http;
    private readonly Func<InferenceLogRecord, string?> _webhookOf;
    private readonly CloudEventsSinkOptions _options;
    private readonly ILogger _logger;
    private long _sent;
    private long _failed;
    private long _dropped;
    private long _lastFailureLogged = long.MinValue;

    /// <summary>Sends every record to <paramref name="webhookUrl"/>.</summary>
    public CloudEventsSink(HttpClient http, string webhookUrl, CloudEventsSinkOptions? options = null, ILogger<CloudEventsSink>? logger = null)
        : this(http, _ => webhookUrl, options, logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(webhookUrl);
    }

    /// <summary>Sends each record to the webhook <paramref name="webhookOf"/> names for it (each deployment has its own); none when null.</summary>
    public CloudEventsSink(HttpClient http, Func<InferenceLogRecord, string?> webhookOf, CloudEventsSinkOptions? options = null, ILogger<CloudEventsSink>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(webhookOf);
        _http = http;
        _webhookOf = webhookOf;
        _options = options ?? new CloudEventsSinkOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Retries, 0, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.Timeout, TimeSpan.Zero, nameof(options));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Events a webhook accepted.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Events lost to a webhook that failed, timed out or could not be reached.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Events never sent because the webhook was too far behind (see <see cref="InferenceLogWriterOptions.MaxPendingWebhookBatches"/>).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Posts the batch, one request per webhook. Never throws: failures are counted and logged.</summary>
    public async Task SendAsync(IReadOnlyList<InferenceLogRecord> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        List<IGrouping<string?, InferenceLogRecord>> groups;
        try
        {
            groups = [.. batch.GroupBy(_webhookOf, StringComparer.Ordinal)];
        }
#pragma warning disable CA1031 // The webhook lookup is the caller's code; its failure costs this batch its events, never the log.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(batch.Count, "(unknown)", "the webhook could not be looked up", ex);
            return;
        }

        foreach (var group in groups)
        {
            if (group.Key is null)
            {
                continue;
            }

            var events = group.ToList();
            if (!Uri.TryCreate(group.Key, UriKind.Absolute, out var webhook) || (webhook.Scheme != Uri.UriSchemeHttp && webhook.Scheme != Uri.UriSchemeHttps))
            {
                Fail(events.Count, group.Key, "it is not an http or https URL", null);
                continue;
            }

            await PostAsync(webhook, Serialize(events), events.Count, cancellationToken);
        }
    }

    /// <summary>The body of one POST: the events of <paramref name="records"/> as a JSON batch.</summary>
    internal static byte[] Serialize(IEnumerable<InferenceLogRecord> records)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var record in records)
            {
                json.WriteStartObject();
                json.WriteString("specversion", "1.0");
                json.WriteString("id", record.RequestId + "/" + record.Route);
                json.WriteString("source", "/slipway/" + Uri.EscapeDataString(record.WorkspaceId) + "/deployments/" + Uri.EscapeDataString(record.Deployment));
                json.WriteString("type", EventType);
                json.WriteString("time", record.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                json.WriteString("datacontenttype", "application/json");
                json.WritePropertyName("data");
                InferenceLogJson.Write(json, record);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Counts events the writer could not queue for the webhook.</summary>
    internal void CountDropped(int events) => Interlocked.Add(ref _dropped, events);

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private async Task PostAsync(Uri webhook, byte[] body, int events, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            string failure;
            Exception? error = null;
            var retryable = true;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_options.Timeout);
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue(MediaType) { CharSet = "utf-8" };
                    using var response = await _http.PostAsync(webhook, content, timeout.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Add(ref _sent, events);
                        return;
                    }

                    failure = $"it answered {(int)response.StatusCode} {response.ReasonPhrase}";
                    retryable = IsRetryable(response.StatusCode);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    Fail(events, webhook.ToString(), "the inference log is shutting down", null);
                    return;
                }
                catch (OperationCanceledException)
                {
                    failure = $"it did not answer within {_options.Timeout.TotalSeconds:0.###} s";
                }
#pragma warning disable CA1031 // Network errors and anything else HttpClient throws are this webhook's failure, never the log's.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failure = ex.Message;
                    error = ex;
                }
            }

            if (!retryable || attempt >= _options.Retries)
            {
                Fail(events, webhook.ToString(), failure, error);
                return;
            }

            try
            {
                await Task.Delay(_options.RetryDelay * (1 << attempt), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Fail(events, webhook.ToString(), "the inference log is shutting down", null);
                return;
            }
        }
    }

    private void Fail(int events, string webhook, string why, Exception? error)
    {
        Interlocked.Add(ref _failed, events);
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastFailureLogged);
        if ((last == long.MinValue || now - last >= FailureLogInterval.TotalMilliseconds) && Interlocked.CompareExchange(ref _lastFailureLogged, now, last) == last)
        {
            _logger.LogWarning(error, "The inference log webhook {Webhook} lost {Count} events ({Failed} in all): {Reason}.", webhook, events, Failed, why);
        }
    }
}
