namespace Slipway.Pipelines.Execution;

public sealed record GpuSample(int Index, double UtilizationPercent, long MemoryUsedBytes);
