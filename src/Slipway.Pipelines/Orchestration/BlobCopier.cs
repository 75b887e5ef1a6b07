using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Stores;

namespace Slipway.Pipelines.Orchestration;

/// <summary>Writes files of a dataset version (code snapshots and data inputs) from the blob store into a step directory.</summary>
public sealed class BlobCopier(IBlobStore blobs)
{
    /// <summary>Copies each entry to <paramref name="targetDirectory"/>/<c>relative path</c>, where the relative path is the entry's path with <paramref name="prefix"/> removed.</summary>
    public async Task CopyAsync(string workspaceId, IEnumerable<ManifestEntry> entries, string prefix, string targetDirectory, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            var relative = prefix.Length == 0 ? entry.Path : entry.Path[prefix.Length..].TrimStart('/');
            var target = Path.Combine(targetDirectory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var source = await blobs.OpenReadAsync(workspaceId, entry.Hash, cancellationToken)
                ?? throw new SlipwayException(ErrorCode.InvalidState, $"The content of '{entry.Path}' ({entry.Hash.Hex[..12]}) is missing from the blob store.");
            await using (source)
            await using (var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 0))
            {
                await source.CopyToAsync(output, cancellationToken);
            }
        }
    }
}
