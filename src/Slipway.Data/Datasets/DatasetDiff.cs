using Slipway.Core.Data;

namespace Slipway.Data.Datasets;

/// <summary>What changed from one dataset version to another: files by path, and tables by rows and schema.</summary>
public sealed record DatasetDiff(
    DatasetVersionId From,
    DatasetVersionId To,
    IReadOnlyList<ManifestEntry> Added,
    IReadOnlyList<ManifestEntry> Removed,
    IReadOnlyList<FileChange> Changed,
    long UnchangedCount,
    IReadOnlyList<TableChange> Tables);
