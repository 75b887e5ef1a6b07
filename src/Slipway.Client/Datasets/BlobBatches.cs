namespace Slipway.Client.Datasets;

/// <summary>
/// Splits the blobs of a transfer into requests: each blob of at least <see cref="SmallBlobLimit"/> on its own
/// (streamed), the smaller ones packed into tar batches of at most <see cref="MaxBatchBytes"/> of content or
/// <see cref="MaxBatchBlobs"/> blobs. One request per small file would spend more time on round trips than on bytes.
/// </summary>
internal static class BlobBatches
{
    public const long SmallBlobLimit = 1 << 20;
    public const long MaxBatchBytes = 8 << 20;
    public const int MaxBatchBlobs = 1000;

    /// <summary>Large blobs first, largest first, so the longest requests start early; then the batches in the order given.</summary>
    public static IReadOnlyList<TransferJob<T>> Plan<T>(IEnumerable<T> blobs, Func<T, long> sizeOf)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(sizeOf);
        var singles = new List<TransferJob<T>>();
        var batches = new List<TransferJob<T>>();
        var batch = new List<T>();
        long batchBytes = 0;
        foreach (var blob in blobs)
        {
            var size = sizeOf(blob);
            if (size >= SmallBlobLimit)
            {
                singles.Add(new TransferJob<T>([blob], IsBatch: false, size));
                continue;
            }

            if (batch.Count == MaxBatchBlobs || batchBytes + size > MaxBatchBytes)
            {
                batches.Add(new TransferJob<T>(batch, IsBatch: true, batchBytes));
                batch = [];
                batchBytes = 0;
            }

            batch.Add(blob);
            batchBytes += size;
        }

        if (batch.Count > 0)
        {
            batches.Add(new TransferJob<T>(batch, IsBatch: true, batchBytes));
        }

        return [.. singles.OrderByDescending(j => j.Bytes), .. batches];
    }
}
