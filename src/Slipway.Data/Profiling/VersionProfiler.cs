using Slipway.Core.Data;
using Slipway.Core.Data.Profiles;
using Slipway.Core.Stores;
using Slipway.Data.Images;

namespace Slipway.Data.Profiling;

/// <summary>Profiles a version's files once, at commit: each tabular file, and its images as a whole.</summary>
public sealed class VersionProfiler(IBlobStore blobs)
{
    public async Task<DatasetProfile> ProfileAsync(string workspaceId, IReadOnlyList<ManifestEntry> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var images = await ImageSummarizer.SummarizeAsync(files, (file, ct) => blobs.OpenReadAsync(workspaceId, file.Hash, ct), cancellationToken: cancellationToken);
        return new DatasetProfile { Images = images };
    }
}
