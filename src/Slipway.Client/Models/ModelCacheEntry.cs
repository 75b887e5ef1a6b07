using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Slipway.Client.Datasets;

namespace Slipway.Client.Models;

/// <summary>
/// The cache folder of one model version: <c>root/server/workspace/model/version</c>, holding <c>manifest.json</c>
/// and the version's files under <c>model/</c>. A download fills a partial folder beside it and renames it into
/// place, so the folder either holds a complete, verified download or does not exist: a crash leaves only a partial
/// folder, which a later download removes.
/// </summary>
internal sealed class ModelCacheEntry
{
    private const string ManifestFileName = "manifest.json";
    private const string ModelFolderName = "model";
    private const string PartialMarker = ".partial-";

    /// <summary>A partial folder this old is left over from a crash, not a download in progress.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    private readonly string _parent;
    private readonly string _versionName;

    public ModelCacheEntry(string cacheRoot, Uri server, string workspace, string model, long version)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheRoot);
        _versionName = version.ToString(CultureInfo.InvariantCulture);
        _parent = Path.Combine(
            Path.GetFullPath(cacheRoot),
            Segment($"{server.Host}_{server.Port}{server.AbsolutePath}", server.AbsoluteUri),
            Segment(workspace, workspace),
            Segment(model, model));
        Root = Path.Combine(_parent, _versionName);
    }

    /// <summary>The version's folder; it exists only once a download is complete.</summary>
    public string Root { get; }

    public string ModelDirectory => ModelDirectoryIn(Root);

    public static string ModelDirectoryIn(string folder) => Path.Combine(folder, ModelFolderName);

    /// <summary>
    /// The manifest when the cached files still match it and <paramref name="source"/> (and
    /// <paramref name="expectedSha256"/>, when the version has one); otherwise deletes the folder and returns null, so
    /// the caller downloads afresh.
    /// </summary>
    public async Task<ModelCacheManifest?> TryReadValidAsync(string source, string? expectedSha256, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Root))
        {
            return null;
        }

        var manifest = await ReadManifestAsync(cancellationToken);
        if (manifest is { Files: not null, ModelFile: not null, Sha256: not null }
            && manifest.Source == source
            && (expectedSha256 is null || manifest.Sha256 == expectedSha256)
            && manifest.Files.All(f => f is not null && FileHasSize(f))
            && await HashAsync(Path.Combine(ModelDirectory, manifest.ModelFile), cancellationToken) == manifest.Sha256)
        {
            return manifest;
        }

        Directory.Delete(Root, recursive: true);
        return null;
    }

    /// <summary>A new, empty partial folder beside <see cref="Root"/>; partial folders abandoned by a crash are removed first.</summary>
    public string CreatePartial()
    {
        Directory.CreateDirectory(_parent);
        foreach (var abandoned in Directory.EnumerateDirectories(_parent, $".{_versionName}{PartialMarker}*"))
        {
            if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(abandoned) > AbandonedAfter)
            {
                DeleteQuietly(abandoned);
            }
        }

        var partial = Path.Combine(_parent, $".{_versionName}{PartialMarker}{Guid.NewGuid():N}");
        Directory.CreateDirectory(ModelDirectoryIn(partial));
        return partial;
    }

    public static async Task WriteManifestAsync(string partial, ModelCacheManifest manifest, CancellationToken cancellationToken)
    {
        await using var file = File.Create(Path.Combine(partial, ManifestFileName));
        await JsonSerializer.SerializeAsync(file, manifest, ModelCacheJsonContext.Default.ModelCacheManifest, cancellationToken);
    }

    /// <summary>
    /// Renames <paramref name="partial"/> to <see cref="Root"/> in one step. False when another download (another
    /// thread or process) got there first; the partial folder is then deleted and the caller reads theirs.
    /// </summary>
    public bool TryCommit(string partial)
    {
        try
        {
            Directory.Move(partial, Root);
            return true;
        }
        catch (IOException) when (Directory.Exists(Root))
        {
            DeleteQuietly(partial);
            return false;
        }
    }

    /// <summary>The SHA-256 of a file as 64 lower-case hex digits.</summary>
    public static async Task<string> HashAsync(string path, CancellationToken cancellationToken) =>
        File.Exists(path) ? (await FileHasher.HashAsync(path, onBytes: null, cancellationToken)).Hash.Hex : string.Empty;

    public static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // Left behind as a partial folder, which the next download removes; cleanup must not hide the real failure.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// A readable folder name for <paramref name="display"/> (characters a file system could refuse replaced by '_')
    /// made unique by a hash of <paramref name="identity"/>, so names that differ only in such characters or in
    /// letter case never share a folder.
    /// </summary>
    private static string Segment(string display, string identity)
    {
        var readable = new StringBuilder(Math.Min(display.Length, 48));
        foreach (var c in display.AsSpan(0, Math.Min(display.Length, 48)))
        {
            readable.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
        return $"{readable}-{hash[..12]}";
    }

    private async Task<ModelCacheManifest?> ReadManifestAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var file = File.OpenRead(Path.Combine(Root, ManifestFileName));
            return await JsonSerializer.DeserializeAsync(file, ModelCacheJsonContext.Default.ModelCacheManifest, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            // A missing or damaged manifest makes the entry unusable; the caller downloads it again.
            return null;
        }
    }

    private bool FileHasSize(ModelCacheFile file)
    {
        var info = new FileInfo(Path.Combine(ModelDirectory, file.Path));
        return info.Exists && info.Length == file.Size;
    }
}
