namespace Slipway.Core.Stores;

/// <summary>
/// Artifact bytes addressed by a relative path under the store's root. Paths are validated with
/// <see cref="Artifacts.ArtifactPath"/>; an invalid path never reaches the storage medium.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Writes (or replaces) the artifact at <paramref name="path"/> from <paramref name="content"/>.</summary>
    Task WriteAsync(string path, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Opens the artifact for reading, or returns null if it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Lists the direct children of a directory (empty path: the root). Missing directories list as empty.</summary>
    Task<IReadOnlyList<Artifacts.ArtifactEntry>> ListAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Deletes a file or a directory tree. Returns false if nothing was there.</summary>
    Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default);
}
