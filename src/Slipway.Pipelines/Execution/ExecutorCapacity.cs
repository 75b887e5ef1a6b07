namespace Slipway.Pipelines.Execution;

/// <summary>CPU cores, memory in bytes and the GPUs an executor can hand out.</summary>
public sealed record ExecutorCapacity(double Cpu, long MemoryBytes, IReadOnlyList<GpuDevice> Gpus);
