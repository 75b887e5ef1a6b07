using System.Security.Cryptography;
using System.Text;
using Slipway.Core.Artifacts;
using Slipway.Core.Data;
using Slipway.Core.Stores;

namespace Slipway.Data.Artifacts;

/// <summary>
/// Copies between step directories and the artifact store, computing a digest of what was copied: the SHA-256 of
/// every file's relative path and content hash in path order, so equal trees have equal digests wherever they live.
/// </summary>
public sealed class ArtifactTransfer(IArtifactStore artifacts)
{
    /// <summary>Uploads a file or a directory tree under <paramref name="storePath"/>; returns the tree's digest.</summary>
    public async Task<string> UploadAsync(string localPath, string storePath, CancellationToken cancellationToken)
    {
        var files = new List<(string Relative, ContentHash Hash)>();
        if (File.Exists(localPath))
        {
            var name = Path.GetFileName(localPath);
            files.Add((name, await UploadFileAsync(localPath, storePath + "/" + name, cancellationToken)));
        }
        else
        {
            foreach (var file in Directory.EnumerateFiles(localPath, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(localPath, file).Replace('\\', '/');
                files.Add((relative, await UploadFileAsync(file, storePath + "/" + relative, cancellationToken)));
            }
        }

        return Digest(files);
    }

    /// <summary>
    /// Downloads the artifact file or directory at <paramref name="storePath"/> into <paramref name="targetDirectory"/>
    /// (a file keeps its name inside it); returns the digest and the local path of what was copied: the file itself
    /// when the artifact is one file, else the directory.
    /// </summary>
    public async Task<(string Digest, string LocalPath)> DownloadAsync(string storePath, string targetDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(targetDirectory);
        var files = new List<(string Relative, ContentHash Hash)>();
        var single = await artifacts.OpenReadAsync(storePath, cancellationToken);
        if (single is not null)
        {
            var name = storePath[(storePath.LastIndexOf('/') + 1)..];
            var target = Path.Combine(targetDirectory, name);
            await using (single)
            {
                files.Add((name, await CopyAsync(single, target, cancellationToken)));
            }

            return (Digest(files), target);
        }

        await DownloadTreeAsync(storePath, storePath, targetDirectory, files, cancellationToken);
        if (files.Count == 0)
        {
            throw Core.Errors.SlipwayException.NotFound($"No artifacts at '{storePath}'.");
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        return (Digest(files), targetDirectory);
    }

    /// <summary>Whether anything is stored at the path (a file or a non-empty directory).</summary>
    public async Task<bool> ExistsAsync(string storePath, CancellationToken cancellationToken)
    {
        var single = await artifacts.OpenReadAsync(storePath, cancellationToken);
        if (single is not null)
        {
            await single.DisposeAsync();
            return true;
        }

        return (await artifacts.ListAsync(storePath, cancellationToken)).Count > 0;
    }

    /// <summary>The digest of a set of files known by content hash (a dataset version's manifest).</summary>
    public static string Digest(IEnumerable<(string Relative, ContentHash Hash)> files)
    {
        var text = new StringBuilder();
        foreach (var (relative, hash) in files)
        {
            text.Append(relative).Append('\0').Append(hash.Hex).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private async Task DownloadTreeAsync(string root, string storePath, string targetDirectory, List<(string, ContentHash)> files, CancellationToken cancellationToken)
    {
        foreach (var entry in await artifacts.ListAsync(storePath, cancellationToken))
        {
            if (entry.IsDirectory)
            {
                await DownloadTreeAsync(root, entry.Path, targetDirectory, files, cancellationToken);
                continue;
            }

            var relative = ArtifactPath.Normalize(entry.Path[root.Length..].TrimStart('/'));
            var stream = await artifacts.OpenReadAsync(entry.Path, cancellationToken) ?? throw Core.Errors.SlipwayException.NotFound($"Artifact '{entry.Path}' vanished while it was copied.");
            await using (stream)
            {
                files.Add((relative, await CopyAsync(stream, Path.Combine(targetDirectory, relative), cancellationToken)));
            }
        }
    }

    private async Task<ContentHash> UploadFileAsync(string file, string storePath, CancellationToken cancellationToken)
    {
        ContentHash hash;
        await using (var read = File.OpenRead(file))
        {
            hash = await ContentHash.OfAsync(read, cancellationToken);
        }

        await using (var upload = File.OpenRead(file))
        {
            await artifacts.WriteAsync(storePath, upload, cancellationToken);
        }

        return hash;
    }

    private static async Task<ContentHash> CopyAsync(Stream source, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 0);
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return ContentHash.FromBytes(sha.GetHashAndReset());
    }
}
