using System.Threading.Channels;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Runtimes;

namespace Slipway.Serving.Batching;

/// <summary>
/// Adaptive batching for one model: concurrent requests queue here, and one loop combines them along the first
/// dimension into a single runtime call of at most <see cref="BatchLimits.MaxBatchSize"/> rows, then splits the
/// outputs back. A batch is sent as soon as it is full, or when its first request has waited
/// <see cref="BatchLimits.MaxLatency"/>; under light load a lone request goes at once rather than waiting. A request
/// larger than the maximum is cut into chunks that each fit, so no runtime call ever exceeds the maximum.
/// </summary>
public sealed class RequestBatcher : IAsyncDisposable
{
    private readonly IModelRuntime _runtime;
    private readonly BatchLimits _limits;
    private readonly Channel<PendingPrediction> _queue = Channel.CreateUnbounded<PendingPrediction>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private readonly Action<int>? _onBatch;
    private PendingPrediction? _carried;
    private int _depth;

    /// <param name="onBatch">Called with the rows of each runtime call, for metrics and tests.</param>
    public RequestBatcher(IModelRuntime runtime, BatchLimits limits, Action<int>? onBatch = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxBatchSize, 1);
        _runtime = runtime;
        _limits = limits;
        _onBatch = onBatch;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Requests waiting for a batch.</summary>
    public int QueueDepth => Volatile.Read(ref _depth);

    public async Task<IReadOnlyList<InferenceTensor>> PredictAsync(IReadOnlyList<InferenceTensor> inputs, IReadOnlyList<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var rows = inputs.Count == 0 ? 0 : inputs[0].Rows;
        if (rows <= _limits.MaxBatchSize || inputs.Any(i => i.Shape.Length == 0))
        {
            return await Enqueue(new PendingPrediction(inputs, outputs));
        }

        var chunks = new List<Task<IReadOnlyList<InferenceTensor>>>();
        for (long start = 0; start < rows; start += _limits.MaxBatchSize)
        {
            var count = Math.Min(_limits.MaxBatchSize, rows - start);
            chunks.Add(Enqueue(new PendingPrediction([.. inputs.Select(i => i.SliceRows(start, count))], outputs)));
        }

        var parts = await Task.WhenAll(chunks);
        return [.. Enumerable.Range(0, parts[0].Count).Select(o => TensorArrays.ConcatRows([.. parts.Select(p => p[o])]))];
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private Task<IReadOnlyList<InferenceTensor>> Enqueue(PendingPrediction pending)
    {
        Interlocked.Increment(ref _depth);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _depth);
            throw new SlipwayException(ErrorCode.TemporarilyUnavailable, "The model is being unloaded; retry the request.");
        }

        return pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingPrediction>();
        while (true)
        {
            var first = _carried;
            _carried = null;
            if (first is null)
            {
                if (!await reader.WaitToReadAsync())
                {
                    return;
                }

                if (!reader.TryRead(out first))
                {
                    continue;
                }
            }

            batch.Clear();
            batch.Add(first);
            var rows = first.Rows;
            var deadline = DateTime.UtcNow + _limits.MaxLatency;
            while (rows < _limits.MaxBatchSize)
            {
                if (reader.TryRead(out var next))
                {
                    if (first.CombinesWith(next) && rows + next.Rows <= _limits.MaxBatchSize)
                    {
                        batch.Add(next);
                        rows += next.Rows;
                        continue;
                    }

                    _carried = next;
                    break;
                }

                var wait = deadline - DateTime.UtcNow;
                if (wait <= TimeSpan.Zero || !await WaitForMoreAsync(reader, wait))
                {
                    break;
                }
            }

            Interlocked.Add(ref _depth, -batch.Count);
            Run(batch, rows);
        }
    }

    private static async Task<bool> WaitForMoreAsync(ChannelReader<PendingPrediction> reader, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Run(List<PendingPrediction> batch, long rows)
    {
        try
        {
            _onBatch?.Invoke((int)rows);
            if (batch.Count == 1)
            {
                batch[0].Completion.TrySetResult(_runtime.Predict(batch[0].Inputs, batch[0].Outputs));
                return;
            }

            var inputs = Enumerable.Range(0, batch[0].Inputs.Count)
                .Select(i => TensorArrays.ConcatRows([.. batch.Select(p => p.Inputs[i])]))
                .ToList();
            var outputs = _runtime.Predict(inputs, batch[0].Outputs);
            long start = 0;
            foreach (var pending in batch)
            {
                pending.Completion.TrySetResult([.. outputs.Select(o => Slice(o, start, pending.Rows, rows))]);
                start += pending.Rows;
            }
        }
#pragma warning disable CA1031 // A failed batch fails its requests; the loop must go on serving the next ones.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(ex);
            }
        }
    }

    private static InferenceTensor Slice(InferenceTensor output, long start, long count, long batchRows) =>
        output.Rows == batchRows
            ? output.SliceRows(start, count)
            : throw SlipwayException.Invalid(
                $"Output '{output.Name}' has {output.Rows} rows for a batch of {batchRows}; this model cannot be batched. Turn batching off for its deployment.");
}
