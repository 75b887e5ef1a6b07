using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Slipway.Serving.Logging;

namespace Slipway.Serving.Tests.Logging;

/// <summary>
/// A store in memory that can stand for a slow or broken disk: appends wait while <see cref="Block"/> is on (until
/// <see cref="Release"/> or cancellation), and fail while <see cref="FailuresLeft"/> is above zero.
/// </summary>
internal sealed class MemoryLogStore : IInferenceLogStore
{
    private readonly ConcurrentQueue<InferenceLogRecord> _records = new();
    private TaskCompletionSource _gate = Open();
    private int _failuresLeft;

    public IReadOnlyList<InferenceLogRecord> Records => [.. _records];

    public ConcurrentQueue<int> BatchSizes { get; } = new();

    /// <summary>Completes when an append starts waiting at the gate.</summary>
    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int FailuresLeft
    {
        get => Volatile.Read(ref _failuresLeft);
        set => Volatile.Write(ref _failuresLeft, value);
    }

    public void Block() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public async Task AppendAsync(IReadOnlyList<InferenceLogRecord> batch, CancellationToken cancellationToken = default)
    {
        Entered.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new IOException("No space left on device");
        }

        Interlocked.Exchange(ref _failuresLeft, 0);
        BatchSizes.Enqueue(batch.Count);
        foreach (var record in batch)
        {
            _records.Enqueue(record);
        }
    }

    public async IAsyncEnumerable<InferenceLogRecord> ReadAsync(string workspaceId, string deployment, DateTimeOffset since, DateTimeOffset until, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var record in _records.Where(r => r.WorkspaceId == workspaceId && r.Deployment == deployment && r.Timestamp >= since && r.Timestamp < until))
        {
            yield return record;
        }
    }

    public Task<IReadOnlyList<InferenceLogExtent>> ListAsync(string? workspaceId = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<InferenceLogExtent>>([]);

    private static TaskCompletionSource Open()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.TrySetResult();
        return gate;
    }
}
