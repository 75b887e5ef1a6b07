using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Stores;

namespace Slipway.Data.Datasets;

/// <summary>
/// Local copies of some of a version's files, in a private temporary directory removed on dispose, for engines that
/// read files by path (DuckDB). Each copy keeps its file's extension, which tells the engine its format, and is
/// verified against its hash as it is copied.
/// </summary>
public sealed class LocalCopies : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "slipway-data-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _paths = new(StringComparer.Ordinal);

    private LocalCopies()
    {
        Directory.CreateDirectory(_directory);
    }

    /// <summary>Local path by manifest path.</summary>
    public IReadOnlyDictionary<string, string> Paths => _paths;

    public static async Task<LocalCopies> CreateAsync(IBlobStore blobs, string workspaceId, IEnumerable<ManifestEntry> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(files);
        var copies = new LocalCopies();
        try
        {
            foreach (var file in files)
            {
                var local = Path.Combine(copies._directory, copies._paths.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + Path.GetExtension(file.Path).ToLowerInvariant());
                await using (var source = await blobs.OpenReadAsync(workspaceId, file.Hash, cancellationToken)
                    ?? throw SlipwayException.NotFound($"The content of '{file.Path}' ({file.Hash}) is not stored in this workspace."))
                await using (var target = new FileStream(local, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 17, FileOptions.Asynchronous))
                {
                    await source.CopyToAsync(target, cancellationToken);
                }

                copies._paths[file.Path] = local;
            }

            return copies;
        }
        catch
        {
            copies.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }
}
