namespace Slipway.Client.Datasets;

/// <summary>What the server stored from one tar batch of blobs.</summary>
public sealed record BlobBatchResult(int Stored, long Bytes);
