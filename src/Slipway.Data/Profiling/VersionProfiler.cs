using Slipway.Core.Data;
using Slipway.Core.Data.Profiles;
using Slipway.Core.Stores;
using Slipway.Data.Datasets;
using Slipway.Data.Images;

namespace Slipway.Data.Profiling;

/// <summary>
/// Profiles a version's files once, at commit: each tabular file (CSV, Parquet) from a local copy, one at a time since
/// each profile uses every core, and its images as a whole from their headers. A corrupt table throws, naming the file.
/// </summary>
public sealed class VersionProfiler(IBlobStore blobs)
{
    private readonly TabularProfiler _tables = new();

    public async Task<DatasetProfile> ProfileAsync(string workspaceId, IReadOnlyList<ManifestEntry> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var tables = new List<TableProfile>();
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            if (TabularProfiler.FormatOf(file.Path, file.MediaType) is not { } format)
            {
                continue;
            }

            using var copy = await LocalCopies.CreateAsync(blobs, workspaceId, [file], cancellationToken);
            var local = copy.Paths[file.Path];
            tables.Add(await Task.Run(() => _tables.Profile(local, file.Path, format, cancellationToken), cancellationToken));
        }

        var images = await ImageSummarizer.SummarizeAsync(files, (file, ct) => blobs.OpenReadAsync(workspaceId, file.Hash, ct), cancellationToken: cancellationToken);
        return new DatasetProfile { Tables = tables, Images = images };
    }
}
