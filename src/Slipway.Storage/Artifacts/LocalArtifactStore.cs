using Slipway.Core.Artifacts;
using Slipway.Core.Errors;
using Slipway.Core.Stores;

namespace Slipway.Storage.Artifacts;

/// <summary>
/// Artifacts as files under one root directory, the embedded default. Nothing outside the root is ever read,
/// written, listed or deleted:
/// <list type="number">
/// <item>every path first passes <see cref="ArtifactPath.Normalize"/>, which rejects traversal in all its spellings;</item>
/// <item>the path is then resolved one segment at a time from the root, following symbolic links (and junctions)
/// the way the kernel would, and rejected as soon as a link leads outside the root, so a link planted inside the
/// root cannot be used as a door. Operations act on the resolved path.</item>
/// </list>
/// Writes land in a hidden temporary file in the target directory and are renamed into place, so readers see the
/// old artifact or the whole new one, never a partial file. Temporary files are left out of listings.
/// </summary>
/// <remarks>
/// The checks assume that only this store, not a concurrent local user, changes the tree under the root: the API
/// never creates links, so a remote client cannot race a check with a new link. A link whose absolute target
/// spells the root differently (for example through another link above the root) is rejected even if it points
/// inside; use relative link targets inside the root.
/// </remarks>
public sealed class LocalArtifactStore : IArtifactStore
{
    private const string TemporaryPrefix = ".slipway-upload-";
    private const string TemporarySuffix = ".tmp";

    /// <summary>Linux's limit on links followed while resolving one path (SYMLOOP_MAX is 40).</summary>
    private const int MaxLinksFollowed = 40;

    private const int BufferSize = 81_920;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private static readonly char[] LinkTargetSeparators = OperatingSystem.IsWindows() ? ['/', '\\'] : ['/'];

    private static readonly string[] WindowsDeviceNames =
        ["CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
         "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"];

    private readonly string _root;

    /// <summary>Opens (and creates if needed) the store at <paramref name="rootDirectory"/>.</summary>
    public LocalArtifactStore(string rootDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
        Directory.CreateDirectory(_root);
    }

    /// <summary>The absolute path of the root directory.</summary>
    public string RootDirectory => _root;

    public async Task WriteAsync(string path, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var normalized = Validate(path);
        if (normalized.Length == 0)
        {
            throw Invalid(path, "the root is a directory; name a file");
        }

        var target = Resolve(path, normalized).Resolved;
        if (Directory.Exists(target))
        {
            throw Invalid(path, "it is a directory");
        }

        var directory = Path.GetDirectoryName(target)!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (IOException e)
        {
            throw new SlipwayException(
                ErrorCode.InvalidParameterValue, $"Invalid artifact path '{path}': a parent of it is a file, not a directory.", e);
        }

        var temporary = Path.Join(directory, $"{TemporaryPrefix}{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            await using (var stream = new FileStream(
                temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);

                // Durable before the rename publishes it: a crash must not leave a renamed but empty file.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var normalized = Validate(path);
        if (normalized.Length == 0)
        {
            return Task.FromResult<Stream?>(null);
        }

        var target = Resolve(path, normalized).Resolved;
        if (!File.Exists(target))
        {
            return Task.FromResult<Stream?>(null);
        }

        try
        {
            // FileShare.Delete lets a concurrent write rename a new version over this one on Windows too.
            Stream stream = new FileStream(
                target, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<IReadOnlyList<ArtifactEntry>> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var normalized = Validate(path);
        var directory = Resolve(path, normalized).Resolved;
        if (!Directory.Exists(directory))
        {
            return Task.FromResult<IReadOnlyList<ArtifactEntry>>([]);
        }

        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, RecurseSubdirectories = false };
        var entries = new List<ArtifactEntry>();
        foreach (var info in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", options))
        {
            var entry = Describe(normalized, info);
            if (entry is not null)
            {
                entries.Add(entry);
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return Task.FromResult<IReadOnlyList<ArtifactEntry>>(entries);
    }

    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var normalized = Validate(path);
        if (normalized.Length == 0)
        {
            throw Invalid(path, "the store root cannot be deleted");
        }

        // Resolving the whole path rejects a link that leads outside even though only the link itself is removed:
        // a request that names an escaping link is refused, whatever the operation.
        var location = Resolve(path, normalized).Location;
        var entry = new FileInfo(location);
        if (entry.LinkTarget is not null)
        {
            if (OperatingSystem.IsWindows() && entry.Attributes.HasFlag(FileAttributes.Directory))
            {
                Directory.Delete(location);
            }
            else
            {
                File.Delete(location);
            }

            return Task.FromResult(true);
        }

        if (Directory.Exists(location))
        {
            // .NET removes links inside the tree without following them, so this cannot reach outside the root.
            Directory.Delete(location, recursive: true);
            return Task.FromResult(true);
        }

        if (File.Exists(location))
        {
            File.Delete(location);
            return Task.FromResult(true);
        }

        return Task.FromResult(false);
    }

    /// <summary>Cleanup after a failed write must not hide the failure itself.</summary>
    private static void DeleteQuietly(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static string Validate(string path)
    {
        var normalized = ArtifactPath.Normalize(path);
        foreach (var segment in normalized.Split('/'))
        {
            if (segment.StartsWith(TemporaryPrefix, StringComparison.Ordinal))
            {
                throw Invalid(path, $"names starting with '{TemporaryPrefix}' are reserved for uploads in progress");
            }

            if (OperatingSystem.IsWindows())
            {
                ValidateWindowsSegment(path, segment);
            }
        }

        return normalized;
    }

    /// <summary>Names Windows would reinterpret: streams ("a:b"), devices ("NUL.txt"), trailing dots and spaces it trims.</summary>
    private static void ValidateWindowsSegment(string path, string segment)
    {
        if (segment.Contains(':', StringComparison.Ordinal) || segment.EndsWith('.') || segment.EndsWith(' '))
        {
            throw Invalid(path, $"'{segment}' is not a valid file name on this server");
        }

        var stem = segment.Split('.')[0].TrimEnd();
        if (WindowsDeviceNames.Contains(stem, StringComparer.OrdinalIgnoreCase))
        {
            throw Invalid(path, $"'{segment}' is a reserved device name on this server");
        }
    }

    private ArtifactEntry? Describe(string directory, FileSystemInfo info)
    {
        if (info.Name.StartsWith(TemporaryPrefix, StringComparison.Ordinal) && info.Name.EndsWith(TemporarySuffix, StringComparison.Ordinal))
        {
            return null;
        }

        var relative = directory.Length == 0 ? info.Name : $"{directory}/{info.Name}";
        if (ArtifactPathOrNull(relative) != relative)
        {
            // A name placed on disk by other means that the API could not address (say "a\b"); leave it out.
            return null;
        }

        if (info.LinkTarget is null)
        {
            return info is FileInfo file ? new ArtifactEntry(relative, false, file.Length) : new ArtifactEntry(relative, true, null);
        }

        // A link is listed as what it points to, and only when that is inside the root; an escaping link is left
        // out rather than reported, so a listing discloses nothing about the world outside.
        string target;
        try
        {
            target = Resolve(relative, relative).Resolved;
        }
        catch (SlipwayException)
        {
            return null;
        }

        if (Directory.Exists(target))
        {
            return new ArtifactEntry(relative, true, null);
        }

        return File.Exists(target) ? new ArtifactEntry(relative, false, new FileInfo(target).Length) : null;
    }

    private static string? ArtifactPathOrNull(string path)
    {
        try
        {
            return ArtifactPath.Normalize(path);
        }
        catch (SlipwayException)
        {
            return null;
        }
    }

    /// <summary>
    /// Resolves a normalized path to (Location) its parent directory with every link resolved, joined with the last
    /// segment, and (Resolved) the location with the last segment's links resolved too.
    /// </summary>
    private (string Location, string Resolved) Resolve(string requested, string normalized)
    {
        if (normalized.Length == 0)
        {
            return (_root, _root);
        }

        var segments = normalized.Split('/');
        var parent = Walk(requested, _root, segments[..^1]);
        return (Path.Join(parent, segments[^1]), Walk(requested, parent, [segments[^1]]));
    }

    /// <summary>
    /// Follows <paramref name="segments"/> from <paramref name="start"/> (a resolved directory under the root) like
    /// the kernel does: a link's target segments replace the link, and ".." steps up from the resolved directory,
    /// never textually. Leaving the root at any step is an error.
    /// </summary>
    private string Walk(string requested, string start, IEnumerable<string> segments)
    {
        var current = start;
        var pending = new LinkedList<string>(segments);
        var linksFollowed = 0;
        while (pending.First is { } first)
        {
            pending.RemoveFirst();
            var segment = first.Value;
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (string.Equals(current, _root, PathComparison))
                {
                    throw Escapes(requested);
                }

                current = Path.GetDirectoryName(current)!;
                continue;
            }

            var candidate = Path.Join(current, segment);
            var linkTarget = new FileInfo(candidate).LinkTarget;
            if (linkTarget is null)
            {
                current = candidate;
                continue;
            }

            if (++linksFollowed > MaxLinksFollowed)
            {
                throw Invalid(requested, "too many levels of symbolic links");
            }

            string remainder;
            if (Path.IsPathRooted(linkTarget))
            {
                if (!IsRootOrBelow(linkTarget))
                {
                    throw Escapes(requested);
                }

                current = _root;
                remainder = linkTarget[_root.Length..];
            }
            else
            {
                remainder = linkTarget;
            }

            var targetSegments = remainder.Split(LinkTargetSeparators);
            for (var i = targetSegments.Length - 1; i >= 0; i--)
            {
                pending.AddFirst(targetSegments[i]);
            }
        }

        return current;
    }

    private bool IsRootOrBelow(string absolutePath) =>
        absolutePath.StartsWith(_root, PathComparison)
        && (absolutePath.Length == _root.Length
            || absolutePath[_root.Length] == Path.DirectorySeparatorChar
            || absolutePath[_root.Length] == Path.AltDirectorySeparatorChar);

    private static SlipwayException Escapes(string path) =>
        Invalid(path, "it resolves, through a symbolic link, to a location outside the artifact store");

    private static SlipwayException Invalid(string path, string why) =>
        SlipwayException.Invalid($"Invalid artifact path '{path}': {why}.");
}
