namespace Slipway.Data.Blobs;

/// <summary>What one sweep of a workspace's blobs found and did.</summary>
public sealed record SweepResult(long Examined, long Deleted, long BytesFreed, long KeptRecent, long KeptReferenced);
