using Slipway.Core.Serving;

namespace Slipway.Core.Stores;

/// <summary>
/// Model-serving deployments: named endpoints of a workspace with their current spec and every revision it went
/// through. A change never rewrites history: it appends a revision, so a rollback is a new revision too.
/// </summary>
public interface IDeploymentStore
{
    /// <summary>Creates the deployment at revision 1, recording that revision as "created".</summary>
    /// <exception cref="Errors.SlipwayException">
    /// RESOURCE_ALREADY_EXISTS when the workspace has a deployment of that name; INVALID_PARAMETER_VALUE for a bad
    /// name or spec.
    /// </exception>
    Task<Deployment> CreateDeploymentAsync(string workspaceId, string name, string? description, DeploymentSpec spec, string? user, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives the deployment a new spec as its next revision, recorded with <paramref name="change"/>, in one
    /// transaction. A null <paramref name="description"/> keeps the current one. With
    /// <paramref name="expectedRevision"/> the update only applies if the deployment is still at that revision, so
    /// two editors cannot silently overwrite each other.
    /// </summary>
    /// <exception cref="Errors.SlipwayException">
    /// RESOURCE_DOES_NOT_EXIST for an unknown deployment; INVALID_PARAMETER_VALUE when it is no longer at
    /// <paramref name="expectedRevision"/>, or for a bad spec.
    /// </exception>
    Task<Deployment> UpdateDeploymentAsync(string workspaceId, string name, DeploymentSpec spec, string? description, string? user, string change, long? expectedRevision, CancellationToken cancellationToken = default);

    /// <exception cref="Errors.SlipwayException">RESOURCE_DOES_NOT_EXIST for an unknown deployment.</exception>
    Task<Deployment> GetDeploymentAsync(string workspaceId, string name, CancellationToken cancellationToken = default);

    /// <summary>The workspace's deployments, by name.</summary>
    Task<IReadOnlyList<Deployment>> ListDeploymentsAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>Every deployment of every workspace, for the serving host to load at start.</summary>
    Task<IReadOnlyList<(string WorkspaceId, Deployment Deployment)>> ListAllDeploymentsAsync(CancellationToken cancellationToken = default);

    /// <summary>The deployment's revisions, newest first.</summary>
    /// <exception cref="Errors.SlipwayException">RESOURCE_DOES_NOT_EXIST for an unknown deployment.</exception>
    Task<IReadOnlyList<DeploymentRevision>> ListDeploymentRevisionsAsync(string workspaceId, string name, CancellationToken cancellationToken = default);

    /// <exception cref="Errors.SlipwayException">RESOURCE_DOES_NOT_EXIST for an unknown deployment or revision.</exception>
    Task<DeploymentRevision> GetDeploymentRevisionAsync(string workspaceId, string name, long revision, CancellationToken cancellationToken = default);

    /// <summary>Removes the deployment and all its revisions.</summary>
    /// <exception cref="Errors.SlipwayException">RESOURCE_DOES_NOT_EXIST for an unknown deployment.</exception>
    Task DeleteDeploymentAsync(string workspaceId, string name, CancellationToken cancellationToken = default);
}
