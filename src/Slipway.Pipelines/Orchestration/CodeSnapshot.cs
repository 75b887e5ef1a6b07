using System.IO.Enumeration;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Data.Artifacts;

namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// The files of the pipeline's directory as pushed with the run (a version of the dataset <c>code.&lt;pipeline&gt;</c>):
/// copied into every step directory, and hashed into the cache key of the steps that declare them as <c>code</c>.
/// </summary>
public sealed class CodeSnapshot(DatasetVersionId? version, IReadOnlyList<ManifestEntry> files)
{
    public static CodeSnapshot Empty { get; } = new(null, []);

    public DatasetVersionId? Version { get; } = version;

    public IReadOnlyList<ManifestEntry> Files { get; } = files;

    /// <summary>
    /// The digest of the files a step declares as code (paths, directories ending in '/', or globs with <c>*</c> and
    /// <c>?</c>), or of every file when it declares none.
    /// </summary>
    /// <exception cref="SlipwayException">When a declared path matches no file: a typo would otherwise make the cache blind to the code.</exception>
    public string DigestOf(IReadOnlyList<string> declared)
    {
        if (declared.Count == 0)
        {
            return ArtifactTransfer.Digest(Files.Select(f => (f.Path, f.Hash)));
        }

        var chosen = new List<ManifestEntry>();
        foreach (var pattern in declared)
        {
            var matches = Files.Where(f => Matches(pattern, f.Path)).ToList();
            if (matches.Count == 0)
            {
                throw SlipwayException.Invalid($"code path '{pattern}' matches no file of the pipeline's directory.");
            }

            chosen.AddRange(matches);
        }

        return ArtifactTransfer.Digest(chosen.DistinctBy(f => f.Path).OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => (f.Path, f.Hash)));
    }

    private static bool Matches(string pattern, string path)
    {
        var clean = pattern.StartsWith("./", StringComparison.Ordinal) ? pattern[2..] : pattern;
        if (clean.Contains('*', StringComparison.Ordinal) || clean.Contains('?', StringComparison.Ordinal))
        {
            return FileSystemName.MatchesSimpleExpression(clean, path, ignoreCase: false);
        }

        return path == clean.TrimEnd('/') || path.StartsWith(clean.TrimEnd('/') + "/", StringComparison.Ordinal);
    }
}
