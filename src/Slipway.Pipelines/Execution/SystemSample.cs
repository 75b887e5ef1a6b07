namespace Slipway.Pipelines.Execution;

/// <summary>
/// One sample of a step's process group: CPU use in percent of one core (200 = two cores busy), resident memory, and
/// for each leased GPU its utilisation and the memory in use on it. <see cref="Timestamp"/> is milliseconds since the
/// Unix epoch.
/// </summary>
public sealed record SystemSample(long Timestamp, double CpuPercent, long MemoryBytes, IReadOnlyList<GpuSample> Gpus);
