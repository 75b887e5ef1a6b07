using Slipway.Core.Artifacts;
using Slipway.Core.Errors;

namespace Slipway.Client.Datasets;

/// <summary>
/// Where a pull writes each manifest path. The server only stores clean relative paths, but a client must not trust
/// that to keep its writes inside the target directory: a path is refused unless it is already clean (the shared
/// path rules) and also lands inside the directory once resolved.
/// </summary>
internal static class PullTargets
{
    /// <summary>The full local path of <paramref name="manifestPath"/> under <paramref name="root"/> (a full path).</summary>
    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE when the path is not clean or would leave <paramref name="root"/>.</exception>
    public static string Resolve(string root, string manifestPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        string normalized;
        try
        {
            normalized = ArtifactPath.Normalize(manifestPath);
        }
        catch (SlipwayException)
        {
            throw Escapes(root, manifestPath);
        }

        if (normalized.Length == 0 || !string.Equals(normalized, manifestPath, StringComparison.Ordinal))
        {
            throw Escapes(root, manifestPath);
        }

        var rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, normalized));
        return full.StartsWith(rootWithSeparator, StringComparison.Ordinal) && full.Length > rootWithSeparator.Length
            ? full
            : throw Escapes(root, manifestPath);
    }

    private static SlipwayException Escapes(string root, string manifestPath) =>
        SlipwayException.Invalid($"Refusing to pull: the manifest names the file '{manifestPath}', which is not a clean relative path inside '{root}'. Nothing was written.");
}
