using Slipway.Core.Data;

namespace Slipway.Client.Datasets;

/// <summary>
/// How one version differs from another: files added, removed and changed (by content), and for tabular files
/// present in both, schema and row-count changes.
/// </summary>
public sealed record DatasetDiff(
    string From,
    string To,
    IReadOnlyList<ManifestEntry> Added,
    IReadOnlyList<ManifestEntry> Removed,
    IReadOnlyList<DatasetFileChange> Changed,
    long UnchangedCount,
    IReadOnlyList<DatasetTableDiff> Tables);
