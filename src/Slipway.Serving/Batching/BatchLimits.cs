namespace Slipway.Serving.Batching;

/// <summary>A deployment's batching settings: at most <see cref="MaxBatchSize"/> rows per runtime call, waiting at most <see cref="MaxLatency"/> for more.</summary>
public sealed record BatchLimits(int MaxBatchSize, TimeSpan MaxLatency);
