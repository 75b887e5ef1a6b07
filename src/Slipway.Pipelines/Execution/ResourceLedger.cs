using Slipway.Core.Errors;
using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Execution;

/// <summary>
/// The CPU, memory and GPUs an executor hands out, and the steps waiting for them. A request is granted as soon as it
/// fits in what is free; when a lease is given back, the waiters that now fit are granted in arrival order, so a small
/// request may pass a big one that does not fit yet. GPUs are held exclusively, lowest index first. CPU is counted in
/// thousandths of a core, so fractions add up exactly.
/// </summary>
/// <remarks>
/// No polling: a waiter is a task completed by the release that makes room for it. Acquiring what fits and
/// releasing are a lock and a few comparisons (plus one pass over the waiters on release).
/// </remarks>
public sealed class ResourceLedger
{
    private readonly Lock _lock = new();
    private readonly ExecutorCapacity _capacity;
    private readonly long _cpuCapacity;
    private readonly bool[] _gpuBusy;
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly Action<ResourceLease> _release;
    private readonly string? _gpuNote;
    private long _cpuFree;
    private long _memoryFree;
    private int _gpuFree;

    /// <param name="capacity">What can be handed out.</param>
    /// <param name="gpuNote">Said after "this machine has none" when a GPU is asked of a machine without one, such as why discovery found none.</param>
    public ResourceLedger(ExecutorCapacity capacity, string? gpuNote = null)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        _capacity = capacity;
        _cpuCapacity = Millicores(capacity.Cpu);
        _cpuFree = _cpuCapacity;
        _memoryFree = capacity.MemoryBytes;
        _gpuBusy = new bool[capacity.Gpus.Count];
        _gpuFree = capacity.Gpus.Count;
        _gpuNote = gpuNote;
        _release = Release;
    }

    /// <summary>Steps waiting for resources now.</summary>
    public int WaitingCount
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>What is free now: CPU cores, memory bytes, GPU count.</summary>
    public (double Cpu, long MemoryBytes, int Gpus) Free
    {
        get
        {
            lock (_lock)
            {
                return (_cpuFree / 1000.0, _memoryFree, _gpuFree);
            }
        }
    }

    /// <summary>Waits until <paramref name="request"/> fits, then holds it until the lease is disposed.</summary>
    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE when the request is negative or exceeds the capacity.</exception>
    public ValueTask<ResourceLease> AcquireAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var need = Check(request);
        cancellationToken.ThrowIfCancellationRequested();

        Waiter waiter;
        lock (_lock)
        {
            // Waiters never fit (each release grants all that do), so a request that fits now passes nobody who could run.
            if (FitsLocked(need))
            {
                return ValueTask.FromResult(GrantLocked(request, need));
            }

            waiter = new Waiter(request, need, cancellationToken);
            waiter.Node = _waiters.AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(
                static state =>
                {
                    var (ledger, w) = ((ResourceLedger, Waiter))state!;
                    ledger.Cancel(w);
                },
                (this, waiter));
            if (waiter.Completion.Task.IsCompleted)
            {
                waiter.Registration.Unregister();
            }
        }

        return new ValueTask<ResourceLease>(waiter.Completion.Task);
    }

    private Need Check(ResourceRequest request)
    {
        if (!double.IsFinite(request.Cpu) || request.Cpu < 0 || request.MemoryBytes < 0 || request.Gpu < 0)
        {
            throw SlipwayException.Invalid(
                $"Invalid resource request: cpu {ResourceText.Number(request.Cpu)}, memory {request.MemoryBytes} bytes, gpu {request.Gpu}; none may be negative.");
        }

        var need = new Need(Millicores(request.Cpu), request.MemoryBytes, request.Gpu);
        var problems = new List<string>(3);
        if (need.Cpu > _cpuCapacity)
        {
            problems.Add($"The step asks for {ResourceText.Cpus(request.Cpu)}; this machine has {ResourceText.Number(_capacity.Cpu)}.");
        }

        if (need.Memory > _capacity.MemoryBytes)
        {
            problems.Add($"The step asks for {ResourceText.Bytes(request.MemoryBytes)} of memory; this machine has {ResourceText.Bytes(_capacity.MemoryBytes)}.");
        }

        if (need.Gpu > _capacity.Gpus.Count)
        {
            problems.Add($"The step asks for {request.Gpu} {(request.Gpu == 1 ? "GPU" : "GPUs")}; this machine has {DescribeGpus()}.");
        }

        return problems.Count == 0 ? need : throw SlipwayException.Invalid(string.Join(" ", problems));
    }

    private string DescribeGpus()
    {
        if (_capacity.Gpus.Count == 0)
        {
            return _gpuNote is null ? "none" : $"none ({_gpuNote})";
        }

        return $"{_capacity.Gpus.Count} ({string.Join(", ", _capacity.Gpus.Select(g => $"{g.Index}: {g.Name}"))})";
    }

    private bool FitsLocked(Need need) => need.Cpu <= _cpuFree && need.Memory <= _memoryFree && need.Gpu <= _gpuFree;

    private ResourceLease GrantLocked(ResourceRequest request, Need need)
    {
        _cpuFree -= need.Cpu;
        _memoryFree -= need.Memory;
        _gpuFree -= need.Gpu;
        if (need.Gpu == 0)
        {
            return new ResourceLease(request, [], _release);
        }

        var gpus = new GpuDevice[need.Gpu];
        var taken = 0;
        for (var i = 0; i < _gpuBusy.Length && taken < gpus.Length; i++)
        {
            if (!_gpuBusy[i])
            {
                _gpuBusy[i] = true;
                gpus[taken++] = _capacity.Gpus[i];
            }
        }

        return new ResourceLease(request, gpus, _release);
    }

    private void Release(ResourceLease lease)
    {
        List<(Waiter Waiter, ResourceLease Lease)>? granted = null;
        lock (_lock)
        {
            _cpuFree += Millicores(lease.Request.Cpu);
            _memoryFree += lease.Request.MemoryBytes;
            _gpuFree += lease.Gpus.Count;
            foreach (var gpu in lease.Gpus)
            {
                for (var i = 0; i < _gpuBusy.Length; i++)
                {
                    if (ReferenceEquals(_capacity.Gpus[i], gpu))
                    {
                        _gpuBusy[i] = false;
                        break;
                    }
                }
            }

            for (var node = _waiters.First; node is not null;)
            {
                var next = node.Next;
                if (FitsLocked(node.Value.Need))
                {
                    _waiters.Remove(node);
                    (granted ??= []).Add((node.Value, GrantLocked(node.Value.Request, node.Value.Need)));
                }

                node = next;
            }
        }

        if (granted is null)
        {
            return;
        }

        foreach (var (waiter, grantedLease) in granted)
        {
            waiter.Registration.Unregister();
            waiter.Completion.TrySetResult(grantedLease);
        }
    }

    private void Cancel(Waiter waiter)
    {
        lock (_lock)
        {
            if (waiter.Node?.List is null)
            {
                return; // Granted already: the caller gets its lease.
            }

            _waiters.Remove(waiter.Node);
        }

        waiter.Completion.TrySetCanceled(waiter.CancellationToken);
    }

    private static long Millicores(double cpu) => (long)Math.Round(cpu * 1000, MidpointRounding.AwayFromZero);

    private readonly record struct Need(long Cpu, long Memory, int Gpu);

    private sealed class Waiter(ResourceRequest request, Need need, CancellationToken cancellationToken)
    {
        public CancellationToken CancellationToken { get; } = cancellationToken;

        public ResourceRequest Request { get; } = request;

        public Need Need { get; } = need;

        public TaskCompletionSource<ResourceLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}
