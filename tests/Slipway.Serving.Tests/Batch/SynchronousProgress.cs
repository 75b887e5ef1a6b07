namespace Slipway.Serving.Tests.Batch;

/// <summary>
/// Reports on the caller's thread, in order; <see cref="Progress{T}"/> would post each report to the thread pool,
/// where they may arrive late or out of order.
/// </summary>
internal sealed class SynchronousProgress(Action<long> report) : IProgress<long>
{
    public void Report(long value) => report(value);
}
