namespace Slipway.Serving.Logging;

/// <summary>How much the inference log buffers and how often it writes.</summary>
public sealed record InferenceLogWriterOptions
{
    /// <summary>Records the queue holds before new ones are dropped.</summary>
    public int Capacity { get; init; } = 100_000;

    /// <summary>
    /// Bytes of tensor data the queue holds before new records are dropped: a cap on memory when records are large. A
    /// record larger than this on its own is still taken when the queue is empty, so no deployment goes unlogged.
    /// </summary>
    public long MaxQueuedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>The most records handed to the store at once.</summary>
    public int BatchSize { get; init; } = 1_000;

    /// <summary>How long a batch waits to fill after its first record before it is written anyway.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long disposing waits for the queue to be written before it gives the rest up.</summary>
    public TimeSpan DisposeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Batches that may wait for the webhook while the store goes on; past this, the webhook misses batches.</summary>
    public int MaxPendingWebhookBatches { get; init; } = 4;
}
