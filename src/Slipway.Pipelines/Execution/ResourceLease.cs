using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Execution;

/// <summary>Resources granted to one step; disposing the lease gives them back.</summary>
public sealed class ResourceLease(ResourceRequest request, IReadOnlyList<GpuDevice> gpus, Action<ResourceLease>? release) : IDisposable
{
    private Action<ResourceLease>? _release = release;

    public ResourceRequest Request { get; } = request;

    /// <summary>The GPUs this step has to itself.</summary>
    public IReadOnlyList<GpuDevice> Gpus { get; } = gpus;

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke(this);
}
