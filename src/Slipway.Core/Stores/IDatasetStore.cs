using Slipway.Core.Data;

namespace Slipway.Core.Stores;

/// <summary>Dataset metadata (ADR 0009): versions, their manifests and tags. Blobs live in <see cref="IBlobStore"/>.</summary>
public interface IDatasetStore
{
    /// <summary>
    /// Commits the next version of the dataset (creating the dataset with version 1), with its whole manifest, in one
    /// transaction, and points the <c>latest</c> tag at it.
    /// </summary>
    Task<DatasetVersion> CreateDatasetVersionAsync(string workspaceId, NewDatasetVersion version, CancellationToken cancellationToken = default);

    /// <exception cref="Errors.SlipwayException">RESOURCE_DOES_NOT_EXIST for an unknown dataset or version.</exception>
    Task<DatasetVersion> GetDatasetVersionAsync(string workspaceId, string dataset, long version, CancellationToken cancellationToken = default);

    /// <summary>The version's files, by path.</summary>
    Task<IReadOnlyList<ManifestEntry>> GetDatasetManifestAsync(string workspaceId, string dataset, long version, CancellationToken cancellationToken = default);

    /// <summary>The workspace's datasets, by name.</summary>
    Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>The dataset's versions, newest first.</summary>
    Task<IReadOnlyList<DatasetVersion>> ListDatasetVersionsAsync(string workspaceId, string dataset, CancellationToken cancellationToken = default);

    /// <summary>Points a tag at a version, moving it if it pointed elsewhere.</summary>
    Task SetDatasetTagAsync(string workspaceId, string dataset, string tag, long version, CancellationToken cancellationToken = default);

    /// <summary>The version a tag points at.</summary>
    /// <exception cref="Errors.SlipwayException">RESOURCE_DOES_NOT_EXIST for an unknown dataset or tag.</exception>
    Task<long> ResolveDatasetTagAsync(string workspaceId, string dataset, string tag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a version's manifest, the tags that point at it and its run links; <c>latest</c> moves to the newest
    /// version left. Numbers are never reused. Blobs stay until the sweep finds them unreferenced.
    /// </summary>
    Task DeleteDatasetVersionAsync(string workspaceId, string dataset, long version, CancellationToken cancellationToken = default);

    /// <summary>Removes a tag (not <c>latest</c>, which always names the newest version).</summary>
    Task DeleteDatasetTagAsync(string workspaceId, string dataset, string tag, CancellationToken cancellationToken = default);

    /// <summary>Those of <paramref name="hashes"/> that a version of any dataset in the workspace names.</summary>
    Task<IReadOnlySet<ContentHash>> FindReferencedBlobsAsync(string workspaceId, IReadOnlyCollection<ContentHash> hashes, CancellationToken cancellationToken = default);

    /// <summary>Records that a run used these dataset versions (already resolved; existing links are kept).</summary>
    Task LinkRunInputsAsync(string workspaceId, string runId, IReadOnlyList<DatasetVersionId> versions, CancellationToken cancellationToken = default);

    /// <summary>The ids of the runs linked to a version, oldest link first.</summary>
    Task<IReadOnlyList<string>> ListDatasetVersionRunsAsync(string workspaceId, string dataset, long version, CancellationToken cancellationToken = default);

    /// <summary>The dataset versions a run is linked to, by name and version.</summary>
    Task<IReadOnlyList<DatasetVersionId>> ListRunDatasetVersionsAsync(string workspaceId, string runId, CancellationToken cancellationToken = default);
}
