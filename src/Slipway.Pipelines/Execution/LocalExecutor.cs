using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Execution;

/// <summary>
/// Runs step processes on this machine, within its CPU, memory and GPU capacity. <b>Linux only</b> (the server runs
/// on Linux): each step runs as <c>setsid /bin/bash -c command</c> in a session and process group of its own, and is
/// measured through <c>/proc</c> and ended with <c>kill(-pgid)</c>, grandchildren included. GPUs come from
/// <c>nvidia-smi</c> and are given to a step through <c>CUDA_VISIBLE_DEVICES</c> (empty for a step that leased none).
/// </summary>
/// <remarks>
/// Resources are granted by a <see cref="ResourceLedger"/>. A step's resident memory (RSS summed over its group) is
/// read every <see cref="LocalExecutorOptions.MemoryCheckInterval"/>; over <see cref="StepLaunch.MemoryLimitBytes"/>
/// the group is sent SIGKILL at once. A timeout and <see cref="IStepProcess.KillAsync"/> send SIGTERM, then SIGKILL
/// after the grace. When a step's leader exits, whatever it left running in its group is ended the same way (after
/// <see cref="LocalExecutorOptions.KillGrace"/>), so a step cannot leave a daemon behind in its group.
/// </remarks>
public sealed class LocalExecutor : IStepExecutor
{
    private readonly ResourceLedger _ledger;
    private readonly LocalProcessSettings _settings;

    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public LocalExecutor(LocalExecutorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The local executor runs steps on Linux only.");
        }

        options.Validate();
        _ = LocalStepProcess.ClockTicksPerSecond.Value;
        var nvidiaSmi = NvidiaSmi.Find(options.NvidiaSmiPath);
        var discovery = options.Gpus is { } configured
            ? new GpuDiscoveryResult([.. configured], [])
            : nvidiaSmi?.Discover() ?? GpuDiscoveryResult.None;
        GpuDiscoveryProblems = discovery.Problems;
        Capacity = new ExecutorCapacity(options.Cpu, options.MemoryBytes, discovery.Gpus);
        var gpuNote = discovery.Gpus.Count == 0 && discovery.Problems.Count > 0 ? discovery.Problems[0] : null;
        _ledger = new ResourceLedger(Capacity, gpuNote);
        _settings = new LocalProcessSettings(
            ExecutableLookup.Find("setsid") ?? "/usr/bin/setsid",
            options.ShellPath,
            options.KillGrace,
            new MemoryMonitor(options.MemoryCheckInterval),
            nvidiaSmi);
    }

    public string Name => "local";

    public ExecutorCapacity Capacity { get; }

    /// <summary>Why GPU discovery found fewer GPUs than listed, or none (for the server log); empty when all went well.</summary>
    public IReadOnlyList<string> GpuDiscoveryProblems { get; }

    /// <summary>The ledger granting this executor's resources (what is free, who waits).</summary>
    public ResourceLedger Resources => _ledger;

    public ValueTask<ResourceLease> AcquireAsync(ResourceRequest request, CancellationToken cancellationToken) =>
        _ledger.AcquireAsync(request, cancellationToken);

    public Task<IStepProcess> StartAsync(StepLaunch launch, ResourceLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(lease);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(LocalStepProcess.Start(launch, lease, _settings));
    }

    /// <summary>
    /// Ends the group of a step started before a restart. The process must still be there with the same start time;
    /// or, when the leader is gone (a server that died takes the step's pipes with it, and the shell dies of SIGPIPE),
    /// live processes must remain in its process group that started no earlier than it did (a group id cannot be
    /// reused while any member lives).
    /// </summary>
    public async Task<bool> KillOrphanAsync(int processId, long processStartTime, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (processId <= 1)
        {
            return false;
        }

        if (ProcFs.TryReadStat(processId, out var leader))
        {
            if (leader.StartTime != processStartTime || leader.ProcessGroupId != processId)
            {
                return false; // Another process has the id now, or it is not the leader of a group.
            }
        }
        else if (!ProcFs.GroupHasLiveMember(processId, processStartTime))
        {
            return false;
        }

        await ProcessGroup.TerminateAsync(processId, _settings.KillGrace);
        return true;
    }
}
