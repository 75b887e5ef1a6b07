namespace Slipway.Client.Datasets;

/// <summary>
/// What a blob sweep did: blobs examined, deleted (and the bytes that freed), and kept because they were used within
/// the grace period (a push may be about to commit them) or because a version names them.
/// </summary>
public sealed record BlobSweepResult(long Examined, long Deleted, long BytesFreed, long KeptRecent, long KeptReferenced);
