using System.Globalization;
using System.Net;
using Slipway.Core.Errors;
using Slipway.Core.Tracking;

namespace Slipway.Client.Logging;

/// <summary>
/// A run that training code logs to. <see cref="LogMetric"/>, <see cref="LogParam"/> and <see cref="SetTag"/> never
/// block on the network: values go to an in-memory buffer that a background loop sends with <c>runs/log-batch</c>
/// every <see cref="ActiveRunOptions.FlushInterval"/>, or at once when a full request's worth is waiting.
/// Disposing flushes everything and ends the run (FINISHED, or FAILED after <see cref="MarkFailed"/>); a run that is
/// never disposed is flushed and ended when the process exits.
/// </summary>
/// <remarks>
/// A request that fails for a transient reason is retried with backoff; if it still fails, its values stay buffered
/// (and are retried on the next flush) and a <see cref="RunLoggingException"/> is thrown by the next call on the run
/// (the values passed to that call are buffered first). Values the server rejects are isolated from the rest of their
/// request and reported the same way.
/// </remarks>
public sealed class ActiveRun : IAsyncDisposable, IDisposable
{
    private readonly SlipwayClient _client;
    private readonly ActiveRunOptions _options;
    private readonly Lock _bufferLock = new();
    private readonly SemaphoreSlim _flushLock = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopLoop = new();
    private readonly Dictionary<string, string> _loggedParams = new(StringComparer.Ordinal);
    private readonly Task _flushLoop;
    private List<Metric> _metrics = [];
    private List<Param> _params = [];
    private List<Tag> _tags = [];
    private RunLoggingException? _pendingFailure;
    private int _wakeRequested;
    private int _ended;
    private volatile bool _markedFailed;

    internal ActiveRun(SlipwayClient client, RunInfo info, ActiveRunOptions options)
    {
        _client = client;
        _options = options;
        Info = info;
        _flushLoop = Task.Run(RunFlushLoopAsync);
        ActiveRunExitHook.Register(this);
    }

    /// <summary>The run as the server created it.</summary>
    public RunInfo Info { get; }

    public string RunId => Info.RunId;

    public string ExperimentId => Info.ExperimentId;

    /// <summary>True once <see cref="EndAsync"/> or dispose has started; logging then throws.</summary>
    public bool HasEnded => Volatile.Read(ref _ended) == 1;

    /// <summary>Buffers one metric value, timestamped now.</summary>
    public void LogMetric(string key, double value, long step = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Buffer(() => _metrics.Add(new Metric(key, value, Now(), step)));
    }

    /// <summary>Buffers several metric values at the same step and timestamp.</summary>
    public void LogMetrics(IReadOnlyDictionary<string, double> metrics, long step = 0)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var timestamp = Now();
        var values = metrics.Select(m => new Metric(m.Key, m.Value, timestamp, step)).ToArray();
        if (values.Any(m => string.IsNullOrEmpty(m.Key)))
        {
            throw new ArgumentException("Metric keys must not be empty.", nameof(metrics));
        }

        Buffer(() => _metrics.AddRange(values));
    }

    /// <summary>
    /// Buffers a parameter, formatted with the invariant culture. Params are immutable: logging a key again with the
    /// same value does nothing, with a different value throws.
    /// </summary>
    public void LogParam(string key, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        Buffer(() =>
        {
            if (_loggedParams.TryGetValue(key, out var existing))
            {
                if (existing != text)
                {
                    throw new SlipwayException(
                        ErrorCode.InvalidParameterValue,
                        $"Param '{key}' was already logged to run {RunId} with value '{existing}'; params cannot change (new value '{text}').");
                }

                return;
            }

            _loggedParams.Add(key, text);
            _params.Add(new Param(key, text));
        });
    }

    /// <summary>Buffers a tag; the last value set for a key wins.</summary>
    public void SetTag(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        Buffer(() => _tags.Add(new Tag(key, value)));
    }

    /// <summary>Ends the run as FAILED when it is disposed (or when the process exits).</summary>
    public void MarkFailed() => _markedFailed = true;

    /// <summary>Sends everything buffered so far, and throws a pending <see cref="RunLoggingException"/> if there is one.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfEnded();
        await FlushBufferAsync(cancellationToken);
        ThrowPendingFailure();
    }

    /// <summary>Uploads a local file into the run's artifacts, under <paramref name="artifactDirectory"/> if given.</summary>
    public Task LogArtifactAsync(string localFile, string? artifactDirectory = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localFile);
        var path = ArtifactLocations.ToProxiedPath(Info.ArtifactUri, ArtifactLocations.Combine(artifactDirectory, Path.GetFileName(localFile)));
        return _client.UploadArtifactFileAsync(localFile, path, cancellationToken);
    }

    /// <summary>
    /// Flushes everything and sets the run's status and end time. Throws a <see cref="RunLoggingException"/> (after
    /// ending the run) if values could not be sent. Later calls do nothing.
    /// </summary>
    public async Task EndAsync(RunStatus status = RunStatus.Finished, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1)
        {
            return;
        }

        ActiveRunExitHook.Unregister(this);
        await _stopLoop.CancelAsync();
        await _flushLoop;
        _stopLoop.Dispose();
        await FlushBufferAsync(cancellationToken);

        Exception? endFailure = null;
        try
        {
            await WithRetriesAsync(
                ct => _client.UpdateRunAsync(RunId, new RunUpdate(status, Now(), RunName: null), ct),
                cancellationToken);
        }
        catch (Exception ex) when (ex is SlipwayException or HttpRequestException or IOException)
        {
            endFailure = ex;
        }

        var failure = TakePendingFailure();
        if (failure is not null)
        {
            throw failure;
        }

        if (endFailure is not null)
        {
            throw new SlipwayException(
                (endFailure as SlipwayException)?.Code ?? ErrorCode.InternalError,
                $"Could not set run {RunId} to {status.ToName()}: {endFailure.Message}",
                endFailure);
        }
    }

    /// <summary>Synchronous <see cref="EndAsync"/>; safe to call from a thread with a synchronization context.</summary>
    public void End(RunStatus status = RunStatus.Finished) => Task.Run(() => EndAsync(status)).GetAwaiter().GetResult();

    /// <summary>Flushes and ends the run: FINISHED, or FAILED after <see cref="MarkFailed"/>.</summary>
    public async ValueTask DisposeAsync() => await EndAsync(DisposeStatus());

    /// <summary>Synchronous <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => End(DisposeStatus());

    /// <summary>Called by the process-exit hook: ends the run within the configured time and reports failures on stderr.</summary>
    internal void EndAtProcessExit()
    {
        try
        {
            if (!Task.Run(() => EndAsync(DisposeStatus())).Wait(_options.ProcessExitTimeout))
            {
                Console.Error.WriteLine($"slipway: run {RunId} was not fully flushed within {_options.ProcessExitTimeout.TotalSeconds:0} s of process exit.");
            }
        }
        catch (AggregateException ex)
        {
            Console.Error.WriteLine($"slipway: run {RunId} could not be flushed at process exit: {ex.InnerException?.Message}");
        }
    }

    private RunStatus DisposeStatus() => _markedFailed ? RunStatus.Failed : RunStatus.Finished;

    private long Now() => _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Adds to the buffer, wakes the flush loop when a request is full, then surfaces a pending failure.</summary>
    private void Buffer(Action add)
    {
        ThrowIfEnded();
        bool full;
        lock (_bufferLock)
        {
            add();
            full = _metrics.Count >= LogBatchLimits.MaxMetrics || _params.Count + _tags.Count >= LogBatchLimits.MaxParamsAndTags;
        }

        if (full && Interlocked.Exchange(ref _wakeRequested, 1) == 0)
        {
            _wake.Release();
        }

        ThrowPendingFailure();
    }

    private void ThrowIfEnded() => ObjectDisposedException.ThrowIf(HasEnded, this);

    private void ThrowPendingFailure()
    {
        var failure = TakePendingFailure();
        if (failure is not null)
        {
            throw failure;
        }
    }

    private RunLoggingException? TakePendingFailure()
    {
        lock (_bufferLock)
        {
            var failure = _pendingFailure;
            _pendingFailure = null;
            return failure;
        }
    }

    private void RecordFailure(RunLoggingException failure)
    {
        lock (_bufferLock)
        {
            // A rejection (values gone) matters more than a transient failure (values still buffered).
            if (_pendingFailure is null || (_pendingFailure.ValuesStillBuffered && !failure.ValuesStillBuffered))
            {
                _pendingFailure = failure;
            }
        }
    }

    private async Task RunFlushLoopAsync()
    {
        var stop = _stopLoop.Token;
        while (!stop.IsCancellationRequested)
        {
            bool requestFull;
            try
            {
                requestFull = await _wake.WaitAsync(_options.FlushInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Interlocked.Exchange(ref _wakeRequested, 0);

            // Woken because a request's worth is waiting: send full requests now and leave the tail for the next tick.
            // In-flight requests are not cancelled on stop: a cancelled request may still have been applied, and
            // sending its values again would duplicate metric history.
            await FlushBufferAsync(CancellationToken.None, fullRequestsOnly: requestFull);
        }
    }

    /// <summary>
    /// Sends the buffer in order; never throws for send failures, which are recorded instead. With
    /// <paramref name="fullRequestsOnly"/>, a last request that is not full stays buffered.
    /// </summary>
    private async Task FlushBufferAsync(CancellationToken cancellationToken, bool fullRequestsOnly = false)
    {
        await _flushLock.WaitAsync(cancellationToken);
        try
        {
            var (metrics, parameters, tags) = TakeBuffer();
            if (metrics.Count + parameters.Count + tags.Count == 0)
            {
                return;
            }

            var batches = LogBatchSplitter.Split(metrics, parameters, tags).ToList();
            if (fullRequestsOnly && !IsFull(batches[^1]))
            {
                Requeue([batches[^1]]);
                batches.RemoveAt(batches.Count - 1);
            }

            for (var i = 0; i < batches.Count; i++)
            {
                try
                {
                    await SendIsolatingRejectsAsync(batches[i], cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Requeue(batches.Skip(i).ToList());
                    throw;
                }
                catch (Exception ex)
                {
                    // Transient, or unexpected (a malformed response): keep the values and report; the next flush retries.
                    Requeue(batches.Skip(i).ToList());
                    RecordFailure(new RunLoggingException(RunId, ex, valuesStillBuffered: true, rejectedCount: 0));
                    return;
                }
            }

            ClearTransientFailure();
        }
        finally
        {
            _flushLock.Release();
        }
    }

    /// <summary>
    /// Sends a batch; when the server rejects a value (INVALID_PARAMETER_VALUE) the batch is halved until the rejected
    /// values are alone, so that one bad value does not cost its neighbours. Transient failures propagate.
    /// </summary>
    private async Task SendIsolatingRejectsAsync(RunDataBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await WithRetriesAsync(ct => _client.SendLogBatchAsync(RunId, batch, ct), cancellationToken);
        }
        catch (SlipwayApiException ex) when (!IsTransient(ex) && ex.Code == ErrorCode.InvalidParameterValue && batch.Count > 1)
        {
            var (head, tail) = batch.SplitAt(batch.Count / 2);
            await SendIsolatingRejectsAsync(head, cancellationToken);
            await SendIsolatingRejectsAsync(tail, cancellationToken);
        }
        catch (SlipwayApiException ex) when (!IsTransient(ex))
        {
            RecordFailure(new RunLoggingException(RunId, ex, valuesStillBuffered: false, rejectedCount: batch.Count));
        }
    }

    private async Task WithRetriesAsync(Func<CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var delay = _options.RetryDelay;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await send(cancellationToken);
                return;
            }
            catch (Exception ex) when (attempt < _options.MaxRetries && IsTransient(ex))
            {
                await Task.Delay(delay, cancellationToken);
                delay *= 2;
            }
        }
    }

    /// <summary>The splitter fills every request but the last one up to a limit.</summary>
    private static bool IsFull(RunDataBatch batch) =>
        batch.Metrics.Count == LogBatchLimits.MaxMetrics
        || batch.Params.Count + batch.Tags.Count == LogBatchLimits.MaxParamsAndTags
        || batch.Count == LogBatchLimits.MaxEntities;

    private static bool IsTransient(Exception ex) => ex switch
    {
        SlipwayConnectionException => true,
        SlipwayApiException api => (int)api.StatusCode >= 500 || api.StatusCode == HttpStatusCode.TooManyRequests,
        SlipwayException => false,
        HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };

    private (List<Metric> Metrics, List<Param> Params, List<Tag> Tags) TakeBuffer()
    {
        lock (_bufferLock)
        {
            var taken = (_metrics, _params, DistinctLastWins(_tags));
            _metrics = [];
            _params = [];
            _tags = [];
            return taken;
        }
    }

    /// <summary>Puts unsent batches back in front of anything logged meanwhile, so that order is kept.</summary>
    private void Requeue(IReadOnlyList<RunDataBatch> unsent)
    {
        lock (_bufferLock)
        {
            _metrics = [.. unsent.SelectMany(b => b.Metrics), .. _metrics];
            _params = [.. unsent.SelectMany(b => b.Params), .. _params];
            _tags = [.. unsent.SelectMany(b => b.Tags), .. _tags];
        }
    }

    private void ClearTransientFailure()
    {
        lock (_bufferLock)
        {
            if (_pendingFailure is { ValuesStillBuffered: true } && _metrics.Count + _params.Count + _tags.Count == 0)
            {
                _pendingFailure = null;
            }
        }
    }

    /// <summary>One request must not set a tag twice; the last value logged for a key is the one that counts.</summary>
    private static List<Tag> DistinctLastWins(List<Tag> tags)
    {
        if (tags.Count < 2)
        {
            return tags;
        }

        var lastIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < tags.Count; i++)
        {
            lastIndex[tags[i].Key] = i;
        }

        return lastIndex.Count == tags.Count ? tags : tags.Where((tag, i) => lastIndex[tag.Key] == i).ToList();
    }
}
