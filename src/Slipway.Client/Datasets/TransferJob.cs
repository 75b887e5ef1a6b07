namespace Slipway.Client.Datasets;

/// <summary>One request of a transfer: a single large blob on its own, or a tar batch of small ones.</summary>
internal sealed record TransferJob<T>(IReadOnlyList<T> Blobs, bool IsBatch, long Bytes);
