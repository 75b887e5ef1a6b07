using System.IO.Enumeration;
using Slipway.Core.Artifacts;
using Slipway.Core.Errors;

namespace Slipway.Client.Datasets;

/// <summary>Finds the files a push sends: a single file, or every file under a directory.</summary>
internal static class LocalDatasetFiles
{
    /// <summary>
    /// A file becomes a one-file dataset named by its file name. A directory contributes every file below it, hidden
    /// ones included, with paths relative to it and sorted ordinally. Symbolic links to files are followed; symbolic
    /// links to directories are not, since they can loop or reach far outside the directory pushed.
    /// </summary>
    /// <param name="exclude">
    /// For a directory: true for the relative paths to leave out, a directory's with a trailing '/' (then not walked).
    /// </param>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="SlipwayException">A file name cannot be a dataset path (a backslash in it, say).</exception>
    public static IReadOnlyList<LocalFile> Find(string path, Func<string, bool>? exclude = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath))
        {
            var name = Path.GetFileName(fullPath);
            return [new LocalFile(CheckedRelativePath(name), fullPath, new FileInfo(fullPath).Length)];
        }

        if (!Directory.Exists(fullPath))
        {
            throw new FileNotFoundException($"There is no file or directory '{path}' to push.", path);
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
            ReturnSpecialDirectories = false,
        };
        var files = new FileSystemEnumerable<LocalFile>(
            fullPath,
            (ref entry) =>
            {
                var full = entry.ToFullPath();
                return new LocalFile(RelativePath(fullPath, full), full, entry.Length);
            },
            options)
        {
            ShouldIncludePredicate = (ref entry) => !entry.IsDirectory && (exclude is null || !exclude(RelativePath(fullPath, entry.ToFullPath()))),
            ShouldRecursePredicate = (ref entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0
                && (exclude is null || !exclude(RelativePath(fullPath, entry.ToFullPath()) + "/")),
        }.ToList();

        foreach (var file in files)
        {
            CheckedRelativePath(file.RelativePath);
        }

        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    private static string RelativePath(string root, string fullPath)
    {
        var relative = Path.GetRelativePath(root, fullPath);
        return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static string CheckedRelativePath(string relativePath)
    {
        string normalized;
        try
        {
            normalized = ArtifactPath.Normalize(relativePath);
        }
        catch (SlipwayException ex)
        {
            throw SlipwayException.Invalid($"Cannot push '{relativePath}': its name cannot be a dataset path ({ex.Message}). Rename it or leave it out.");
        }

        return normalized == relativePath
            ? relativePath
            : throw SlipwayException.Invalid($"Cannot push '{relativePath}': its name cannot be a dataset path. Rename it or leave it out.");
    }
}
