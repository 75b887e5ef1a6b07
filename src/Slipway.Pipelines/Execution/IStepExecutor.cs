using Slipway.Pipelines.Specs;

namespace Slipway.Pipelines.Execution;

/// <summary>
/// Where step processes run (ADR 0010). The orchestrator asks for a step's resources, starts its command once they
/// are granted, and waits for it; it knows nothing of how or where the process runs. The local executor runs
/// processes on this machine within its CPU, memory and GPU capacity; a cluster executor (Kubernetes Jobs, Slurm)
/// implements the same four calls.
/// </summary>
public interface IStepExecutor
{
    /// <summary>A short name for logs and run tags, such as <c>local</c>.</summary>
    string Name { get; }

    /// <summary>The most this executor can ever grant: a request above it fails at once rather than waiting forever.</summary>
    ExecutorCapacity Capacity { get; }

    /// <summary>
    /// Waits until <paramref name="request"/> fits in what is free, then holds it (GPUs exclusively) until the lease is
    /// disposed. Requests are granted first come, first served among those that fit.
    /// </summary>
    /// <exception cref="Core.Errors.SlipwayException">INVALID_PARAMETER_VALUE when the request exceeds <see cref="Capacity"/>.</exception>
    ValueTask<ResourceLease> AcquireAsync(ResourceRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Starts the command in its own process group; fails (<see cref="StepExitReason.StartFailed"/> in the completion)
    /// rather than throwing when the process cannot start.
    /// </summary>
    Task<IStepProcess> StartAsync(StepLaunch launch, ResourceLease lease, CancellationToken cancellationToken);

    /// <summary>
    /// Ends what is left of a process group started before a restart, if <paramref name="processId"/> still names the
    /// same process (<paramref name="processStartTime"/> as <see cref="IStepProcess.StartTime"/> gave it). True when
    /// something was killed.
    /// </summary>
    Task<bool> KillOrphanAsync(int processId, long processStartTime, CancellationToken cancellationToken);
}
