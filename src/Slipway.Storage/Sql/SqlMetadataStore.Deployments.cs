using Slipway.Core.Serving;
using Slipway.Core.Stores;
using Slipway.Storage.Sql.Serving;

namespace Slipway.Storage.Sql;

/// <summary>The model-serving deployment part of the store (<see cref="IDeploymentStore"/>).</summary>
internal abstract partial class SqlMetadataStore
{
    public Task<Deployment> CreateDeploymentAsync(string workspaceId, string name, string? description, DeploymentSpec spec, string? user, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => DeploymentRepository.CreateAsync(s, workspaceId, name, description, spec, user, ct), cancellationToken);

    public Task<Deployment> UpdateDeploymentAsync(string workspaceId, string name, DeploymentSpec spec, string? description, string? user, string change, long? expectedRevision, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => DeploymentRepository.UpdateAsync(s, workspaceId, name, spec, description, user, change, expectedRevision, ct), cancellationToken);

    public Task<Deployment> GetDeploymentAsync(string workspaceId, string name, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => DeploymentRepository.GetAsync(s, workspaceId, name, ct), cancellationToken);

    public Task<IReadOnlyList<Deployment>> ListDeploymentsAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => DeploymentRepository.ListAsync(s, workspaceId, ct), cancellationToken);

    public Task<IReadOnlyList<(string WorkspaceId, Deployment Deployment)>> ListAllDeploymentsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(DeploymentRepository.ListAllAsync, cancellationToken);

    public Task<IReadOnlyList<DeploymentRevision>> ListDeploymentRevisionsAsync(string workspaceId, string name, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => DeploymentRepository.ListRevisionsAsync(s, workspaceId, name, ct), cancellationToken);

    public Task<DeploymentRevision> GetDeploymentRevisionAsync(string workspaceId, string name, long revision, CancellationToken cancellationToken = default) =>
        ReadAsync((s, ct) => DeploymentRepository.GetRevisionAsync(s, workspaceId, name, revision, ct), cancellationToken);

    public Task DeleteDeploymentAsync(string workspaceId, string name, CancellationToken cancellationToken = default) =>
        WriteAsync((s, ct) => Done(DeploymentRepository.DeleteAsync(s, workspaceId, name, ct)), cancellationToken);
}
