using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Slipway.Serving.Deployments;
using Slipway.Serving.Inference;

namespace Slipway.Serving.Logging;

/// <summary>
/// Records predictions without slowing them: <see cref="TryWrite(InferenceLogRecord)"/> only puts the record on a
/// bounded in-memory queue, and one background loop hands the queue to the store in batches (up to
/// <see cref="InferenceLogWriterOptions.BatchSize"/> records, or whatever came within
/// <see cref="InferenceLogWriterOptions.FlushInterval"/> of a batch's first record), then passes each batch on to the
/// webhook when there is one. When the queue is full the record is dropped and counted in <see cref="Dropped"/>:
/// logging is worth less than the latency of the request it describes. A store that fails loses its batch, counted in
/// <see cref="Failed"/>, and the loop goes on.
/// </summary>
public sealed class InferenceLogWriter : IInferenceRecorder, IAsyncDisposable
{
    /// <summary>Store failures are logged at most this often; a full disk fails every batch.</summary>
    private static readonly TimeSpan FailureLogInterval = TimeSpan.FromMinutes(1);

    // Tensor data is counted by its element size; text is estimated per element so that the count stays O(1).
    private const int EstimatedTextBytes = 32;

    private readonly IInferenceLogStore _store;
    private readonly CloudEventsSink? _webhook;
    private readonly InferenceLogWriterOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<InferenceLogRecord> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Task _loop;
    private CancellationTokenSource? _gathering;
    private TaskCompletionSource _batchDone = NewSignal();
    private Task _webhookDelivery = Task.CompletedTask;
    private long _accepted;
    private long _processed;
    private long _flushTarget;
    private long _queuedBytes;
    private long _written;
    private long _dropped;
    private long _failed;
    private long _lastFailureLogged = long.MinValue;
    private int _pendingWebhookBatches;
    private int _disposed;
    private volatile bool _stopped;

    /// <param name="webhook">Where each written batch is also sent, as CloudEvents; none when null.</param>
    public InferenceLogWriter(IInferenceLogStore store, InferenceLogWriterOptions? options = null, CloudEventsSink? webhook = null, ILogger<InferenceLogWriter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new InferenceLogWriterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxQueuedBytes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FlushInterval, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPendingWebhookBatches, 1, nameof(options));
        _store = store;
        _options = options;
        _webhook = webhook;
        _logger = (ILogger?)logger ?? NullLogger.Instance;

        // FullMode Wait, and only TryWrite is ever called: TryWrite then answers false at once when the queue is
        // full, which is how a drop is counted. (DropWrite would answer true and drop silently.)
        _queue = Channel.CreateBounded<InferenceLogRecord>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Records the store has kept.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Records never written because the queue was full (or the writer was shutting down): the metric to export.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Records lost because the store failed to append their batch.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Records waiting to be written.</summary>
    public int QueueDepth => _queue.Reader.Count;

    /// <summary>Whether a record should be logged at <paramref name="sampleRate"/>: always at 1 or more, never at 0 or less.</summary>
    public static bool ShouldSample(double sampleRate) =>
        sampleRate >= 1 || (sampleRate > 0 && Random.Shared.NextDouble() < sampleRate);

    /// <summary>Queues the record without waiting. False when it was dropped: the queue is full or the writer is closed.</summary>
    public bool TryWrite(InferenceLogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var bytes = SizeOf(record);
        var queued = Interlocked.Add(ref _queuedBytes, bytes);
        if ((queued > _options.MaxQueuedBytes && queued != bytes) || !_queue.Writer.TryWrite(record))
        {
            Interlocked.Add(ref _queuedBytes, -bytes);
            Interlocked.Increment(ref _dropped);
            return false;
        }

        Interlocked.Increment(ref _accepted);
        return true;
    }

    /// <summary>Queues the record with probability <paramref name="sampleRate"/>. False when it was sampled out or dropped.</summary>
    public bool TryWrite(InferenceLogRecord record, double sampleRate) => ShouldSample(sampleRate) && TryWrite(record);

    /// <summary>
    /// The engine's hook: samples at the deployment's rate before anything is built for the log. The choice is a hash of
    /// the request id, so a request's primary and shadow records are kept or left out together.
    /// </summary>
    public void Record(ServedCall served)
    {
        ArgumentNullException.ThrowIfNull(served);
        var rate = served.Deployment.LogSampleRate;
        var sampled = served.Request.Id is { } id && rate is > 0 and < 1
            ? TrafficSplit.StableHash(id) < rate * uint.MaxValue
            : ShouldSample(rate);
        if (sampled)
        {
            TryWrite(InferenceLogRecord.From(served));
        }
    }

    /// <summary>
    /// Returns once every record queued before the call has been through the store (written or failed) and the
    /// webhook has had its batches. Does not stop the writer.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Interlocked.Read(ref _accepted);
        RaiseFlushTarget(target);
        while (Interlocked.Read(ref _processed) < target && !_stopped)
        {
            var done = Volatile.Read(ref _batchDone);
            if (Interlocked.Read(ref _processed) >= target || _stopped)
            {
                break;
            }

            await done.Task.WaitAsync(cancellationToken);
        }

        await Volatile.Read(ref _webhookDelivery).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Writes what is queued and stops. If that takes longer than <see cref="InferenceLogWriterOptions.DisposeTimeout"/>
    /// the store and the webhook are cancelled, and what was still queued is counted as dropped.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        RaiseFlushTarget(long.MaxValue);
        var deadline = DateTime.UtcNow + _options.DisposeTimeout;
        try
        {
            await _loop.WaitAsync(_options.DisposeTimeout);
            var left = deadline - DateTime.UtcNow;
            await Volatile.Read(ref _webhookDelivery).WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("The inference log did not finish writing within {Timeout}; giving up the rest.", _options.DisposeTimeout);
            await _stopping.CancelAsync();
            await _loop;
            await Volatile.Read(ref _webhookDelivery);
        }

        _stopping.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static long SizeOf(InferenceLogRecord record)
    {
        long bytes = 256;
        foreach (var tensor in record.Inputs)
        {
            bytes += SizeOf(tensor);
        }

        foreach (var tensor in record.Outputs)
        {
            bytes += SizeOf(tensor);
        }

        return bytes;
    }

    private static long SizeOf(InferenceTensor tensor)
    {
        var element = TensorArrays.ElementSize(tensor.Datatype);
        return tensor.Data.LongLength * (element == 0 ? EstimatedTextBytes : element);
    }

    /// <summary>Makes a batch that is filling go at once, so a flush does not wait out the interval.</summary>
    private void RaiseFlushTarget(long target)
    {
        var current = Interlocked.Read(ref _flushTarget);
        while (current < target)
        {
            var seen = Interlocked.CompareExchange(ref _flushTarget, target, current);
            if (seen == current)
            {
                break;
            }

            current = seen;
        }

        lock (_gate)
        {
            _gathering?.Cancel();
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<InferenceLogRecord>();
        try
        {
            while (await reader.WaitToReadAsync(_stopping.Token))
            {
                _stopping.Token.ThrowIfCancellationRequested();
                Take(batch);
                if (batch.Count < _options.BatchSize)
                {
                    await FillAsync(batch);
                }

                await WriteAsync(batch);
                batch = [];
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            var abandoned = batch.Count;
            while (reader.TryRead(out _))
            {
                abandoned++;
            }

            Interlocked.Add(ref _dropped, abandoned);
            Interlocked.Add(ref _processed, abandoned);
        }
        finally
        {
            _stopped = true;
            Volatile.Read(ref _batchDone).TrySetResult();
        }
    }

    private void Take(List<InferenceLogRecord> batch)
    {
        while (batch.Count < _options.BatchSize && _queue.Reader.TryRead(out var record))
        {
            Interlocked.Add(ref _queuedBytes, -SizeOf(record));
            batch.Add(record);
        }
    }

    /// <summary>Waits up to the flush interval for the batch to fill, unless a flush is waiting for what is queued.</summary>
    private async Task FillAsync(List<InferenceLogRecord> batch)
    {
        using var gathering = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        gathering.CancelAfter(_options.FlushInterval);
        lock (_gate)
        {
            if (Interlocked.Read(ref _flushTarget) > Interlocked.Read(ref _processed))
            {
                return;
            }

            _gathering = gathering;
        }

        try
        {
            while (batch.Count < _options.BatchSize && await _queue.Reader.WaitToReadAsync(gathering.Token))
            {
                Take(batch);
            }
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            // The interval ran out, or a flush asked for the batch now.
        }
        finally
        {
            lock (_gate)
            {
                _gathering = null;
            }
        }
    }

    private async Task WriteAsync(List<InferenceLogRecord> batch)
    {
        try
        {
            await _store.AppendAsync(batch, _stopping.Token);
            Interlocked.Add(ref _written, batch.Count);
        }
#pragma warning disable CA1031 // Whatever the store throws costs this batch only; the log must go on for the next ones.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Interlocked.Add(ref _failed, batch.Count);
            var now = Environment.TickCount64;
            var last = Interlocked.Read(ref _lastFailureLogged);
            if ((last == long.MinValue || now - last >= FailureLogInterval.TotalMilliseconds) && Interlocked.CompareExchange(ref _lastFailureLogged, now, last) == last)
            {
                _logger.LogError(ex, "The inference log store failed; {Count} records lost ({Failed} in all).", batch.Count, Failed);
            }
        }

        if (_webhook is not null)
        {
            SendToWebhook(_webhook, batch);
        }

        Interlocked.Add(ref _processed, batch.Count);
        Interlocked.Exchange(ref _batchDone, NewSignal()).TrySetResult();
    }

    /// <summary>
    /// Sends the batch after the ones before it, off the loop, so a slow webhook never holds up the store. At most
    /// <see cref="InferenceLogWriterOptions.MaxPendingWebhookBatches"/> wait; the webhook misses batches past that.
    /// </summary>
    private void SendToWebhook(CloudEventsSink webhook, List<InferenceLogRecord> batch)
    {
        if (Interlocked.Increment(ref _pendingWebhookBatches) > _options.MaxPendingWebhookBatches)
        {
            Interlocked.Decrement(ref _pendingWebhookBatches);
            webhook.CountDropped(batch.Count);
            return;
        }

        var previous = _webhookDelivery;
        Volatile.Write(ref _webhookDelivery, Task.Run(async () =>
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            try
            {
                await webhook.SendAsync(batch, _stopping.Token);
            }
            finally
            {
                Interlocked.Decrement(ref _pendingWebhookBatches);
            }
        }));
    }
}
