namespace Slipway.Client.Pipelines;

/// <summary>
/// A pipeline file read from disk: its YAML text, the name the server's messages cite it by (its file name), and the
/// directory whose files are its code snapshot.
/// </summary>
public sealed record PipelineFile(string Spec, string FileName, string Directory)
{
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static async Task<PipelineFile> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException(
                System.IO.Directory.Exists(fullPath)
                    ? $"'{path}' is a directory; give the pipeline file in it, such as {System.IO.Path.Combine(path, "slipway.yaml")}."
                    : $"There is no pipeline file '{path}'.",
                path);
        }

        var spec = await File.ReadAllTextAsync(fullPath, cancellationToken);
        return new PipelineFile(spec, System.IO.Path.GetFileName(fullPath), System.IO.Path.GetDirectoryName(fullPath)!);
    }

    /// <summary>
    /// The same file with another directory as its code (a repository root, say, when the pipeline's steps build
    /// projects that reference code outside the pipeline's own directory); null keeps the file's directory.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">There is no directory at <paramref name="codeDirectory"/>.</exception>
    public PipelineFile WithCodeDirectory(string? codeDirectory)
    {
        if (string.IsNullOrEmpty(codeDirectory))
        {
            return this;
        }

        var full = System.IO.Path.GetFullPath(codeDirectory);
        return System.IO.Directory.Exists(full)
            ? this with { Directory = full }
            : throw new DirectoryNotFoundException($"There is no code directory '{codeDirectory}'.");
    }
}
