using Slipway.Core.Data;
using Slipway.Core.Data.Profiles;

namespace Slipway.Data.Datasets;

/// <summary>
/// Compares two versions (of one dataset or two): files by path and content hash, and each tabular file by the
/// profiles stored at commit, so no data is read again.
/// </summary>
public sealed class DatasetDiffer(DatasetService datasets)
{
    public async Task<DatasetDiff> DiffAsync(string workspaceId, DatasetReference from, DatasetReference to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var fromVersion = await datasets.GetAsync(workspaceId, from, cancellationToken);
        var toVersion = await datasets.GetAsync(workspaceId, to, cancellationToken);
        var fromFiles = (await datasets.GetManifestAsync(workspaceId, Pinned(fromVersion), cancellationToken)).ToDictionary(f => f.Path, StringComparer.Ordinal);
        var toFiles = await datasets.GetManifestAsync(workspaceId, Pinned(toVersion), cancellationToken);

        var added = new List<ManifestEntry>();
        var changed = new List<FileChange>();
        long unchanged = 0;
        foreach (var file in toFiles)
        {
            if (!fromFiles.Remove(file.Path, out var before))
            {
                added.Add(file);
            }
            else if (before.Hash != file.Hash || !string.Equals(before.MediaType, file.MediaType, StringComparison.Ordinal))
            {
                changed.Add(new FileChange(file.Path, before, file));
            }
            else
            {
                unchanged++;
            }
        }

        var removed = fromFiles.Values.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var tables = CompareTables(VersionMetadata.ProfileOf(fromVersion), VersionMetadata.ProfileOf(toVersion));
        return new DatasetDiff(
            new DatasetVersionId(fromVersion.Dataset, fromVersion.Version),
            new DatasetVersionId(toVersion.Dataset, toVersion.Version),
            added,
            removed,
            changed,
            unchanged,
            tables);
    }

    /// <summary>Tables whose rows or schema differ, or that only one side has, by path.</summary>
    public static IReadOnlyList<TableChange> CompareTables(DatasetProfile from, DatasetProfile to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var before = from.Tables.ToDictionary(t => t.Path, StringComparer.Ordinal);
        var after = to.Tables.ToDictionary(t => t.Path, StringComparer.Ordinal);
        var changes = new List<TableChange>();
        foreach (var path in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var old = before.GetValueOrDefault(path);
            var current = after.GetValueOrDefault(path);
            var oldColumns = old?.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal) ?? [];
            var newColumns = current?.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal) ?? [];
            var addedColumns = (current?.Columns ?? []).Where(c => !oldColumns.ContainsKey(c.Name)).Select(c => new ColumnType(c.Name, c.Type)).ToList();
            var removedColumns = (old?.Columns ?? []).Where(c => !newColumns.ContainsKey(c.Name)).Select(c => new ColumnType(c.Name, c.Type)).ToList();
            var retyped = (current?.Columns ?? [])
                .Where(c => oldColumns.TryGetValue(c.Name, out var was) && !string.Equals(was.Type, c.Type, StringComparison.Ordinal))
                .Select(c => new ColumnChange(c.Name, oldColumns[c.Name].Type, c.Type))
                .ToList();
            if (old?.RowCount != current?.RowCount || addedColumns.Count > 0 || removedColumns.Count > 0 || retyped.Count > 0)
            {
                changes.Add(new TableChange(path, old?.RowCount, current?.RowCount, addedColumns, removedColumns, retyped));
            }
        }

        return changes;
    }

    private static DatasetReference Pinned(DatasetVersion version) => new(version.Dataset, version.Version, null, string.Empty);
}
