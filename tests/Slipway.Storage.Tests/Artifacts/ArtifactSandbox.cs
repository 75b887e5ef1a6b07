using System.Text;

namespace Slipway.Storage.Tests.Artifacts;

/// <summary>
/// A temporary directory holding a store root and, beside it, an "outside" directory with a sentinel file that no
/// store operation may touch. <see cref="SnapshotOutside"/> records everything outside the root so a test can
/// assert it is unchanged. Deleted on dispose (links inside are removed, not followed).
/// </summary>
internal sealed class ArtifactSandbox : IDisposable
{
    public const string SentinelContent = "sentinel: must never change";

    public ArtifactSandbox()
    {
        BaseDirectory = Path.Combine(Path.GetTempPath(), "slipway-artifacts-" + Guid.NewGuid().ToString("N"));
        Root = Path.Combine(BaseDirectory, "root");
        Outside = Path.Combine(BaseDirectory, "outside");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
        SentinelFile = Path.Combine(Outside, "secret.txt");
        File.WriteAllText(SentinelFile, SentinelContent);
    }

    public string BaseDirectory { get; }

    public string Root { get; }

    public string Outside { get; }

    public string SentinelFile { get; }

    public string InRoot(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public void WriteInRoot(string relative, string content)
    {
        var path = InRoot(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>Every entry beside the root (the outside directory and anything a bug could create next to it), with file contents.</summary>
    public string SnapshotOutside()
    {
        var builder = new StringBuilder();
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        foreach (var entry in Directory.EnumerateFileSystemEntries(BaseDirectory, "*", options).Order(StringComparer.Ordinal))
        {
            if (entry.StartsWith(Root, StringComparison.Ordinal))
            {
                continue;
            }

            builder.Append(entry);
            if (File.Exists(entry))
            {
                builder.Append(" = ").Append(File.ReadAllText(entry));
            }

            builder.AppendLine();
        }

        return builder.ToString();
    }

    public void Dispose()
    {
        if (Directory.Exists(BaseDirectory))
        {
            Directory.Delete(BaseDirectory, recursive: true);
        }
    }
}
