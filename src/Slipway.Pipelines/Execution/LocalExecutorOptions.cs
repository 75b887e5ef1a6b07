namespace Slipway.Pipelines.Execution;

/// <summary>Settings of the <see cref="LocalExecutor"/>; checked once, when the executor is made.</summary>
public sealed class LocalExecutorOptions
{
    /// <summary>CPU cores steps may ask for in all (fractions allowed). Default: the cores this process may use.</summary>
    public double Cpu { get; init; } = Environment.ProcessorCount;

    /// <summary>Memory steps may ask for in all, in bytes. Default: <c>MemTotal</c> from <c>/proc/meminfo</c>.</summary>
    public long MemoryBytes { get; init; } = ProcFs.MemTotalBytes();

    /// <summary>
    /// The nvidia-smi to discover and sample GPUs with: a path, or a name looked up on PATH. When it is not there the
    /// machine has no GPUs (not an error).
    /// </summary>
    public string NvidiaSmiPath { get; init; } = "nvidia-smi";

    /// <summary>The GPUs to hand out, instead of asking nvidia-smi (null: discover). Samples still use nvidia-smi.</summary>
    public IReadOnlyList<GpuDevice>? Gpus { get; init; }

    /// <summary>How long a killed step's processes get between SIGTERM and SIGKILL (timeout, leftovers after the step's exit, orphans).</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The shell that runs a step's command (<c>shell -c command</c>).</summary>
    public string ShellPath { get; init; } = "/bin/bash";

    /// <summary>How often a step's resident memory is read for its peak and checked against its limit.</summary>
    public TimeSpan MemoryCheckInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    internal void Validate()
    {
        if (!double.IsFinite(Cpu) || Cpu <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Cpu), Cpu, "Cpu must be a positive number of cores.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MemoryBytes, nameof(MemoryBytes));
        ArgumentNullException.ThrowIfNull(NvidiaSmiPath, nameof(NvidiaSmiPath));
        ArgumentOutOfRangeException.ThrowIfLessThan(KillGrace, TimeSpan.Zero, nameof(KillGrace));
        ArgumentException.ThrowIfNullOrWhiteSpace(ShellPath, nameof(ShellPath));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MemoryCheckInterval, TimeSpan.Zero, nameof(MemoryCheckInterval));
        if (Gpus is not null)
        {
            var seen = new HashSet<int>();
            foreach (var gpu in Gpus)
            {
                if (gpu is null || gpu.Index < 0 || !seen.Add(gpu.Index))
                {
                    throw new ArgumentException("Gpus must list distinct devices with non-negative indices.", nameof(Gpus));
                }
            }
        }
    }
}
