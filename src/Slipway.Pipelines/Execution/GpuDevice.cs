namespace Slipway.Pipelines.Execution;

/// <summary>A GPU as <c>nvidia-smi</c> lists it.</summary>
public sealed record GpuDevice(int Index, string Uuid, string Name, long MemoryBytes);
