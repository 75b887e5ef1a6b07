namespace Slipway.Core.Serving;

/// <summary>
/// Adaptive batching for a deployment: requests are grouped into runtime calls of at most
/// <see cref="MaxBatchSize"/> rows, waiting at most <see cref="MaxLatencyMs"/> milliseconds for more to arrive.
/// </summary>
public sealed record DeploymentBatching(int MaxBatchSize, int MaxLatencyMs);
