using System.Buffers;
using System.Security.Cryptography;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Security;
using Slipway.Core.Stores;

namespace Slipway.Storage.Blobs;

/// <summary>
/// Blobs as files under one root: <c>{root}/{workspace}/{h[0..2]}/{h[2..4]}/{hash}</c>, two levels of fan-out so no
/// directory grows past 65,536 entries for a million files. A write goes to a hidden temporary file while it is hashed
/// and is renamed into place only when the hash matches, so a blob is either whole and correct or absent.
/// </summary>
public sealed class LocalBlobStore : IBlobStore
{
    private const string TemporaryPrefix = ".slipway-blob-";
    private const int BufferSize = 128 * 1024;

    // A blob's modification time records its last use; refreshing it at most this often keeps a re-push of 100,000
    // unchanged files from rewriting 100,000 inodes, while the sweep's grace period (hours) still sees recent use.
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(5);

    private readonly string _root;

    public LocalBlobStore(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        _root = Path.GetFullPath(rootDirectory);
        Directory.CreateDirectory(_root);
    }

    public Task<bool> ExistsAsync(string workspaceId, ContentHash hash, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(PathOf(workspaceId, hash)));

    public Task<IReadOnlyList<ContentHash>> FindMissingAsync(string workspaceId, IEnumerable<ContentHash> hashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var seen = new HashSet<ContentHash>();
        var missing = new List<ContentHash>();
        var now = DateTime.UtcNow;
        foreach (var hash in hashes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!seen.Add(hash))
            {
                continue;
            }

            var file = new FileInfo(PathOf(workspaceId, hash));
            if (!file.Exists)
            {
                missing.Add(hash);
            }
            else if (now - file.LastWriteTimeUtc > TouchInterval)
            {
                MarkUsed(file, now);
            }
        }

        return Task.FromResult<IReadOnlyList<ContentHash>>(missing);
    }

    public async Task<long> PutAsync(string workspaceId, ContentHash hash, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = PathOf(workspaceId, hash);
        var (temporary, size) = await WriteVerifiedAsync(target, hash, content, cancellationToken);
        try
        {
            using (var file = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1))
            {
                file.Flush(flushToDisk: true);
            }

            MoveIntoPlace(temporary, target);
            return size;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async Task<(long Count, long Bytes)> PutBatchAsync(string workspaceId, IAsyncEnumerable<BlobUpload> uploads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        var written = new List<(string Temporary, string Target)>();
        long bytes = 0;
        try
        {
            await foreach (var upload in uploads.WithCancellation(cancellationToken))
            {
                var target = PathOf(workspaceId, upload.Hash);
                var (temporary, size) = await WriteVerifiedAsync(target, upload.Hash, upload.Content, cancellationToken);
                written.Add((temporary, target));
                bytes += size;
            }

            FileSystemSync.Flush([.. written.Select(w => w.Temporary)]);
            foreach (var (temporary, target) in written)
            {
                MoveIntoPlace(temporary, target);
            }

            return (written.Count, bytes);
        }
        finally
        {
            foreach (var (temporary, _) in written)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// Writes the content to a hidden temporary file beside its target while hashing it; the caller makes it durable and
    /// moves it into place. Nothing is left behind when the bytes do not match the hash.
    /// </summary>
    private static async Task<(string Temporary, long Size)> WriteVerifiedAsync(string target, ContentHash hash, Stream content, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, TemporaryPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            long size;
            ContentHash actual;
            // A pooled buffer and no FileStream buffer: a push of 100,000 small files would otherwise allocate two
            // 128 KiB large-object-heap arrays per file.
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                await using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                size = file.Length;
                actual = ContentHash.FromBytes(sha.GetHashAndReset());
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (actual != hash)
            {
                throw SlipwayException.Invalid($"The uploaded content hashes to {actual}, not {hash} as claimed; nothing was stored.");
            }

            return (temporary, size);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static void MoveIntoPlace(string temporary, string target)
    {
        try
        {
            File.Move(temporary, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another upload of the same content won the race; the bytes are identical.
        }
    }

    public Task<Stream?> OpenReadAsync(string workspaceId, ContentHash hash, CancellationToken cancellationToken = default)
    {
        var path = PathOf(workspaceId, hash);
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(new HashVerifyingStream(file, hash, $"Blob {hash} of workspace '{workspaceId}'"));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public IAsyncEnumerable<StoredBlob> ListAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        List(workspaceId, cancellationToken).ToAsyncEnumerable();

    private IEnumerable<StoredBlob> List(string workspaceId, CancellationToken cancellationToken)
    {
        WorkspaceNames.Validate(workspaceId);
        var directory = new DirectoryInfo(Path.Combine(_root, workspaceId));
        if (!directory.Exists)
        {
            yield break;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 2 };
        foreach (var file in directory.EnumerateFiles("*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ContentHash.TryParse(file.Name, out var hash))
            {
                yield return new StoredBlob(hash, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
            }
            else if (file.Name.StartsWith(TemporaryPrefix, StringComparison.Ordinal) && DateTime.UtcNow - file.LastWriteTimeUtc > TimeSpan.FromDays(1))
            {
                // Left by a process that died mid-upload; no live upload stays open this long.
                file.Delete();
            }
        }
    }

    public Task<bool> DeleteAsync(string workspaceId, ContentHash hash, DateTimeOffset unusedSince, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathOf(workspaceId, hash));
        if (!file.Exists || file.LastWriteTimeUtc >= unusedSince.UtcDateTime)
        {
            return Task.FromResult(false);
        }

        file.Delete();
        return Task.FromResult(true);
    }

    private static void MarkUsed(FileInfo file, DateTime now)
    {
        try
        {
            file.LastWriteTimeUtc = now;
        }
        catch (FileNotFoundException)
        {
            // Swept in between: the commit's own presence check reports it missing.
        }
    }

    private string PathOf(string workspaceId, ContentHash hash)
    {
        // The workspace id becomes a directory name, so it must be one of the safe names (no dots, no separators).
        WorkspaceNames.Validate(workspaceId);
        if (hash.Hex is null)
        {
            throw SlipwayException.Invalid("A content hash is required.");
        }

        return Path.Combine(_root, workspaceId, hash.Hex[..2], hash.Hex[2..4], hash.Hex);
    }
}
