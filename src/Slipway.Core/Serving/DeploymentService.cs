using System.Globalization;
using Slipway.Core.Errors;
using Slipway.Core.Stores;

namespace Slipway.Core.Serving;

/// <summary>
/// Deployment rules in front of <see cref="IDeploymentStore"/>: names and specs are validated before the store is
/// touched, and a rollback is a new revision that restores an earlier spec, so history is never rewritten.
/// </summary>
public sealed class DeploymentService(IDeploymentStore store)
{
    /// <summary>The change an update records.</summary>
    public const string UpdatedChange = "updated";

    public IDeploymentStore Store => store;

    public Task<Deployment> CreateAsync(string workspaceId, string name, string? description, DeploymentSpec spec, string? user, CancellationToken cancellationToken = default)
    {
        DeploymentNames.Validate(name);
        DeploymentSpecRules.Validate(spec);
        return store.CreateDeploymentAsync(workspaceId, name, description, spec, user, cancellationToken);
    }

    /// <summary>Appends a revision with the new spec; a null description keeps the current one.</summary>
    /// <param name="expectedRevision">When given, the update fails if the deployment has moved past this revision.</param>
    public Task<Deployment> UpdateAsync(string workspaceId, string name, DeploymentSpec spec, string? description, string? user, long? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        DeploymentNames.Validate(name);
        DeploymentSpecRules.Validate(spec);
        return store.UpdateDeploymentAsync(workspaceId, name, spec, description, user, UpdatedChange, expectedRevision, cancellationToken);
    }

    public Task<Deployment> GetAsync(string workspaceId, string name, CancellationToken cancellationToken = default) =>
        store.GetDeploymentAsync(workspaceId, name, cancellationToken);

    public Task<IReadOnlyList<Deployment>> ListAsync(string workspaceId, CancellationToken cancellationToken = default) =>
        store.ListDeploymentsAsync(workspaceId, cancellationToken);

    /// <summary>The deployment's revisions, newest first.</summary>
    public Task<IReadOnlyList<DeploymentRevision>> ListRevisionsAsync(string workspaceId, string name, CancellationToken cancellationToken = default) =>
        store.ListDeploymentRevisionsAsync(workspaceId, name, cancellationToken);

    public Task DeleteAsync(string workspaceId, string name, CancellationToken cancellationToken = default) =>
        store.DeleteDeploymentAsync(workspaceId, name, cancellationToken);

    /// <summary>
    /// Restores the spec of <paramref name="toRevision"/>, or of the revision before the current one when none is
    /// given, as a new revision recorded "rolled back to revision N". The description stays.
    /// </summary>
    /// <exception cref="SlipwayException">
    /// INVALID_PARAMETER_VALUE when there is no earlier revision, when <paramref name="toRevision"/> is the current
    /// one, or when the deployment changed while rolling back; RESOURCE_DOES_NOT_EXIST for an unknown deployment or
    /// revision.
    /// </exception>
    public async Task<Deployment> RollbackAsync(string workspaceId, string name, long? toRevision, string? user, CancellationToken cancellationToken = default)
    {
        var current = await store.GetDeploymentAsync(workspaceId, name, cancellationToken);
        var target = toRevision ?? current.Revision - 1;
        if (toRevision is null && target < 1)
        {
            throw SlipwayException.Invalid($"Deployment '{name}' has no earlier revision to roll back to.");
        }

        if (target == current.Revision)
        {
            throw SlipwayException.Invalid(
                $"Deployment '{name}' is at revision {Number(target)} already; name an earlier revision to roll back to.");
        }

        var restored = await store.GetDeploymentRevisionAsync(workspaceId, name, target, cancellationToken);

        // Pinned to the revision read above, so a change made in between fails instead of being silently undone.
        return await store.UpdateDeploymentAsync(
            workspaceId, name, restored.Spec, null, user, RolledBackChange(target), current.Revision, cancellationToken);
    }

    /// <summary>The change a rollback to <paramref name="revision"/> records.</summary>
    public static string RolledBackChange(long revision) => $"rolled back to revision {Number(revision)}";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
