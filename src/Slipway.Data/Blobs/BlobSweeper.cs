using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Stores;

namespace Slipway.Data.Blobs;

/// <summary>
/// Garbage-collects the blobs no dataset version names (ADR 0009). Safe against concurrent pushes in two ways: a blob
/// written or named by a push within the grace period is kept whatever the versions say (the push may not have
/// committed yet), and each batch is re-checked (versions and last use) and deleted under <see cref="BlobSweepGate"/>,
/// which plans and commits also hold, so a push cannot find or name a blob between that check and the deletion. Restartable: a sweep keeps no state, so an
/// interrupted one is simply run again.
/// </summary>
public sealed class BlobSweeper(IDatasetStore datasets, IBlobStore blobs, BlobSweepGate gate, TimeProvider time)
{
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromHours(1);

    /// <summary>
    /// Longer than the interval at which blob stores refresh a blob's last use when a push names it (five minutes for
    /// local disk), so a blob a push has just found present is never old enough to sweep.
    /// </summary>
    public static readonly TimeSpan MinimumGracePeriod = TimeSpan.FromMinutes(10);

    private const int BatchSize = 1000;

    public async Task<SweepResult> SweepAsync(string workspaceId, TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        if (gracePeriod < MinimumGracePeriod)
        {
            throw SlipwayException.Invalid($"The grace period must be at least {MinimumGracePeriod.TotalMinutes:0} minutes, so blobs a push is about to commit are never swept.");
        }

        var cutoff = time.GetUtcNow() - gracePeriod;
        long examined = 0, deleted = 0, freed = 0, recent = 0, referenced = 0;
        var batch = new List<StoredBlob>(BatchSize);
        await foreach (var blob in blobs.ListAsync(workspaceId, cancellationToken))
        {
            examined++;
            if (blob.LastUsed >= cutoff)
            {
                recent++;
                continue;
            }

            batch.Add(blob);
            if (batch.Count == BatchSize)
            {
                await SweepBatchAsync();
            }
        }

        await SweepBatchAsync();
        return new SweepResult(examined, deleted, freed, recent, referenced);

        async Task SweepBatchAsync()
        {
            if (batch.Count == 0)
            {
                return;
            }

            using (await gate.EnterSweepAsync(cancellationToken))
            {
                var inUse = await datasets.FindReferencedBlobsAsync(workspaceId, [.. batch.Select(b => b.Hash)], cancellationToken);
                foreach (var blob in batch)
                {
                    if (inUse.Contains(blob.Hash))
                    {
                        referenced++;
                    }
                    else if (await blobs.DeleteAsync(workspaceId, blob.Hash, cutoff, cancellationToken))
                    {
                        deleted++;
                        freed += blob.Size;
                    }
                }
            }

            batch.Clear();
        }
    }
}
