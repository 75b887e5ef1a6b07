using Slipway.Core.Data;
using Slipway.Core.Stores;
using Slipway.Storage.Sql.Data;

namespace Slipway.Storage.Sql;

/// <summary>The dataset part of the store (<see cref="IDatasetStore"/>).</summary>
internal abstract partial class SqlMetadataStore
{
    public Task<DatasetVersion> CreateDatasetVersionAsync(string workspaceId, NewDatasetVersion version, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => DatasetRepository.CreateVersionAsync(s, workspaceId, version, ct), cancellationToken);

    public Task<DatasetVersion> GetDatasetVersionAsync(string workspaceId, string dataset, long version, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => DatasetRepository.GetVersionAsync(s, workspaceId, dataset, version, ct), cancellationToken);

    public Task<IReadOnlyList<ManifestEntry>> GetDatasetManifestAsync(string workspaceId, string dataset, long version, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => DatasetRepository.GetManifestAsync(s, workspaceId, dataset, version, ct), cancellationToken);

    public Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => DatasetRepository.ListAsync(s, workspaceId, ct), cancellationToken);

    public Task<IReadOnlyList<DatasetVersion>> ListDatasetVersionsAsync(string workspaceId, string dataset, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => DatasetRepository.ListVersionsAsync(s, workspaceId, dataset, ct), cancellationToken);

    public Task SetDatasetTagAsync(string workspaceId, string dataset, string tag, long version, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(DatasetRepository.SetTagAsync(s, workspaceId, dataset, tag, version, ct)), cancellationToken);

    public Task<long> ResolveDatasetTagAsync(string workspaceId, string dataset, string tag, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => DatasetRepository.ResolveTagAsync(s, workspaceId, dataset, tag, ct), cancellationToken);

    public Task DeleteDatasetVersionAsync(string workspaceId, string dataset, long version, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(DatasetRepository.DeleteVersionAsync(s, workspaceId, dataset, version, ct)), cancellationToken);

    public Task DeleteDatasetTagAsync(string workspaceId, string dataset, string tag, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(DatasetRepository.DeleteTagAsync(s, workspaceId, dataset, tag, ct)), cancellationToken);

    public Task<IReadOnlySet<ContentHash>> FindReferencedBlobsAsync(string workspaceId, IReadOnlyCollection<ContentHash> hashes, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => DatasetRepository.FindReferencedAsync(s, workspaceId, hashes, ct), cancellationToken);

    public Task LinkRunInputsAsync(string workspaceId, string runId, IReadOnlyList<DatasetVersionId> versions, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(DatasetRepository.LinkRunAsync(s, workspaceId, runId, versions, ct)), cancellationToken);

    public Task<IReadOnlyList<string>> ListDatasetVersionRunsAsync(string workspaceId, string dataset, long version, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => DatasetRepository.ListVersionRunsAsync(s, workspaceId, dataset, version, ct), cancellationToken);

    public Task<IReadOnlyList<DatasetVersionId>> ListRunDatasetVersionsAsync(string workspaceId, string runId, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => DatasetRepository.ListRunVersionsAsync(s, workspaceId, runId, ct), cancellationToken);
}
