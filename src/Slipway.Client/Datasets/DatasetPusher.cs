using System.Diagnostics;
using Slipway.Core.Data;
using Slipway.Core.Errors;

namespace Slipway.Client.Datasets;

/// <summary>
/// A push (ADR 0009): hash every file in parallel, send the manifest and learn which contents the server lacks,
/// upload only those (small files in tar batches, large ones streamed on their own, several requests at a time), then
/// commit. Nothing is committed until every content is stored, so an interrupted push leaves no version; running it
/// again asks the server afresh and sends only what is still missing.
/// </summary>
internal sealed class DatasetPusher(SlipwayClient client, IProgress<TransferProgress>? progress)
{
    public const int MaxParallelism = 64;

    public Task<DatasetPushResult> PushAsync(string path, string dataset, DatasetPushOptions options, CancellationToken cancellationToken)
    {
        Validate(dataset, options);
        return PushAsync(LocalDatasetFiles.Find(path, options.Exclude), path, dataset, options, cancellationToken);
    }

    /// <summary>Pushes <paramref name="files"/>, found under <paramref name="path"/> already (<see cref="DatasetPushOptions.Exclude"/> applied).</summary>
    public async Task<DatasetPushResult> PushAsync(
        IReadOnlyList<LocalFile> files, string path, string dataset, DatasetPushOptions options, CancellationToken cancellationToken)
    {
        Validate(dataset, options);
        var stopwatch = Stopwatch.StartNew();
        if (files.Count == 0)
        {
            throw SlipwayException.Invalid($"There are no files in '{path}' to push.");
        }

        var manifest = await HashAsync(files, cancellationToken);
        var missing = await client.PlanDatasetPushAsync(dataset, manifest, cancellationToken);
        var missingSet = missing.ToHashSet();

        // One upload per content, read from the first file that has it.
        var blobs = new Dictionary<ContentHash, LocalBlob>();
        for (var i = 0; i < files.Count; i++)
        {
            if (missingSet.Contains(manifest[i].Hash))
            {
                blobs.TryAdd(manifest[i].Hash, new LocalBlob(manifest[i].Hash, files[i].FullPath, manifest[i].Size));
            }
        }

        var (blobsUploaded, bytesUploaded) = await UploadAsync([.. blobs.Values], options.Parallelism, cancellationToken);

        var committing = new TransferProgressTracker(progress, TransferPhase.Committing, 0, files.Count);
        committing.Report();
        var commit = await client.CommitDatasetVersionAsync(dataset, manifest, options.Message, options.ParentVersion, options.Tags, cancellationToken);
        committing.AddFiles(files.Count);
        committing.Report();

        return new DatasetPushResult(
            commit.Version,
            commit.Profile,
            commit.Created,
            files.Count,
            manifest.Sum(f => f.Size),
            blobsUploaded,
            bytesUploaded,
            manifest.Count(f => !missingSet.Contains(f.Hash)),
            stopwatch.Elapsed);
    }

    private static void Validate(string dataset, DatasetPushOptions options)
    {
        DatasetReference.ValidateName(dataset);
        foreach (var tag in options.Tags)
        {
            DatasetReference.ValidateTag(tag);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallelism, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Parallelism, MaxParallelism, nameof(options));
    }

    /// <summary>Hashes across all cores: one core hashes one large file fast, but many small files need many at once.</summary>
    private async Task<ManifestEntry[]> HashAsync(IReadOnlyList<LocalFile> files, CancellationToken cancellationToken)
    {
        var tracker = new TransferProgressTracker(progress, TransferPhase.Hashing, files.Sum(f => f.Size), files.Count);
        tracker.Report();
        var manifest = new ManifestEntry[files.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, files.Count, parallel, async (i, token) =>
        {
            var file = files[i];
            var hashed = await FileHasher.HashAsync(file.FullPath, tracker.AddBytes, token);
            manifest[i] = new ManifestEntry(file.RelativePath, hashed.Size, hashed.Hash, MediaTypes.FromPath(file.RelativePath));
            tracker.AddFiles(1);
        });
        tracker.Report();
        return manifest;
    }

    private async Task<(int Blobs, long Bytes)> UploadAsync(IReadOnlyList<LocalBlob> blobs, int parallelism, CancellationToken cancellationToken)
    {
        var tracker = new TransferProgressTracker(progress, TransferPhase.Uploading, blobs.Sum(b => b.Size), blobs.Count);
        tracker.Report();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(BlobBatches.Plan(blobs, b => b.Size), parallel, async (job, token) =>
        {
            try
            {
                if (job.IsBatch)
                {
                    await client.UploadBlobArchiveAsync(new TarBatchContent(job.Blobs, tracker.AddBytes), token);
                }
                else
                {
                    var blob = job.Blobs[0];
                    await client.UploadBlobAsync(blob.Hash, new FileUploadContent(blob.FullPath, blob.Size, tracker.AddBytes), token);
                }
            }
            catch (SlipwayException ex) when (FirstChanged(job.Blobs) is { } changed)
            {
                // HttpClient reports a file that failed while being sent as a transport error; say what really happened.
                throw new IOException($"'{changed.FullPath}' changed or disappeared while it was being pushed. Push again once nothing writes to it.", ex);
            }

            tracker.AddFiles(job.Blobs.Count);
        });
        tracker.Report();
        return (tracker.FilesDone, tracker.BytesDone);
    }

    private static LocalBlob? FirstChanged(IReadOnlyList<LocalBlob> blobs) =>
        blobs.FirstOrDefault(b => new FileInfo(b.FullPath) is not { Exists: true } file || file.Length != b.Size);
}
