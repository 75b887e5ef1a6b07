using System.Diagnostics;
using System.Globalization;
using Slipway.Core.Data;
using Slipway.Core.Errors;

namespace Slipway.Client.Datasets;

/// <summary>
/// A pull: read the version's manifest, leave alone the files already present with the right size and hash, and
/// download the rest (small ones in tar batches, large ones on their own, several requests at a time), each verified
/// before it is moved into place. Files in the directory that the version does not name are left as they are.
/// </summary>
internal sealed class DatasetPuller(SlipwayClient client, IProgress<TransferProgress>? progress)
{
    public async Task<DatasetPullResult> PullAsync(string reference, string targetDirectory, DatasetPullOptions options, CancellationToken cancellationToken)
    {
        var parsed = DatasetReference.Parse(reference);
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallelism, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Parallelism, DatasetPusher.MaxParallelism, nameof(options));
        var stopwatch = Stopwatch.StartNew();
        var root = Path.GetFullPath(targetDirectory);

        // Pin the version first, so that a tag moving meanwhile cannot mix two versions' files.
        var version = (await client.GetDatasetVersionAsync(parsed.Name, parsed.Version?.ToString(CultureInfo.InvariantCulture) ?? parsed.Tag!, cancellationToken)).Version;
        var files = await client.ListDatasetFilesAsync(parsed.Name, version.Version.ToString(CultureInfo.InvariantCulture), cancellationToken);
        if (parsed.Path.Length > 0)
        {
            files = files.Where(f => f.Path == parsed.Path || f.Path.StartsWith(parsed.Path + "/", StringComparison.Ordinal)).ToArray();
            if (files.Count == 0)
            {
                throw SlipwayException.NotFound($"data:{version.Dataset}@{version.Version} has no file '{parsed.Path}' nor files under it.");
            }
        }

        // Every path is checked before anything is written.
        var targets = files.Select(f => new PullTarget(f, PullTargets.Resolve(root, f.Path))).ToArray();
        var present = Directory.Exists(root) ? await FindPresentAsync(targets, cancellationToken) : new bool[targets.Length];
        Directory.CreateDirectory(root);

        var needed = targets.Where((_, i) => !present[i]).GroupBy(t => t.Entry.Hash).Select(g => g.ToArray()).ToArray();

        // Once per directory here rather than once per file as files are written: 100,000 files often share 100 folders.
        foreach (var directory in needed.SelectMany(g => g).Select(t => Path.GetDirectoryName(t.FullPath)!).Distinct(StringComparer.Ordinal))
        {
            Directory.CreateDirectory(directory);
        }

        var (downloaded, bytes) = await DownloadAsync(needed, options.Parallelism, cancellationToken);
        return new DatasetPullResult(version, root, targets.Length, downloaded, present.Count(p => p), bytes, stopwatch.Elapsed);
    }

    /// <summary>Which targets already hold their content: same size, then same SHA-256.</summary>
    private async Task<bool[]> FindPresentAsync(PullTarget[] targets, CancellationToken cancellationToken)
    {
        var present = new bool[targets.Length];
        var tracker = new TransferProgressTracker(progress, TransferPhase.Hashing, targets.Sum(t => t.Entry.Size), targets.Length);
        tracker.Report();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, targets.Length, parallel, async (i, token) =>
        {
            var target = targets[i];
            var local = new FileInfo(target.FullPath);
            if (local.Exists && local.Length == target.Entry.Size)
            {
                var hashed = await FileHasher.HashAsync(target.FullPath, tracker.AddBytes, token);
                present[i] = hashed.Hash == target.Entry.Hash && hashed.Size == target.Entry.Size;
            }
            else
            {
                tracker.AddBytes(target.Entry.Size);
            }

            tracker.AddFiles(1);
        });
        tracker.Report();
        return present;
    }

    /// <param name="needed">The targets to write, grouped by content: each content is downloaded once.</param>
    private async Task<(int Files, long Bytes)> DownloadAsync(PullTarget[][] needed, int parallelism, CancellationToken cancellationToken)
    {
        var tracker = new TransferProgressTracker(progress, TransferPhase.Downloading, needed.Sum(g => g[0].Entry.Size), needed.Sum(g => g.Length));
        tracker.Report();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(BlobBatches.Plan(needed, g => g[0].Entry.Size), parallel, async (job, token) =>
        {
            if (job.IsBatch)
            {
                var byHash = job.Blobs.ToDictionary(g => g[0].Entry.Hash);
                await client.FetchBlobsAsync(byHash.Keys, (hash, stream, innerToken) => WriteAsync(byHash[hash], stream, tracker, innerToken), token);
            }
            else
            {
                var group = job.Blobs[0];
                await client.DownloadBlobAsync(group[0].Entry.Hash, (stream, innerToken) => WriteAsync(group, stream, tracker, innerToken), token);
            }
        });
        tracker.Report();
        return (tracker.FilesDone, tracker.BytesDone);
    }

    /// <summary>Writes the first file of a content from the network, and its duplicates from that file.</summary>
    private static async Task WriteAsync(PullTarget[] group, Stream source, TransferProgressTracker tracker, CancellationToken cancellationToken)
    {
        await VerifiedFileWriter.WriteAsync(source, group[0].Entry, group[0].FullPath, tracker.AddBytes, cancellationToken);
        tracker.AddFiles(1);
        foreach (var duplicate in group.Skip(1))
        {
            await using var copy = new FileStream(group[0].FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
            await VerifiedFileWriter.WriteAsync(copy, duplicate.Entry, duplicate.FullPath, onBytes: null, cancellationToken);
            tracker.AddFiles(1);
        }
    }

    private sealed record PullTarget(ManifestEntry Entry, string FullPath);
}
