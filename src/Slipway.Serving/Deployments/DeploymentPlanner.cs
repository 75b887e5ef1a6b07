using Slipway.Core.Registry;
using Slipway.Core.Serving;

namespace Slipway.Serving.Deployments;

/// <summary>
/// Turns a stored deployment into the plan the engine serves, resolving each registry URI to the version it names
/// now: this is where moving an alias or a stage becomes a new version being served.
/// </summary>
public sealed class DeploymentPlanner(ModelUriResolver resolver)
{
    /// <exception cref="Core.Errors.SlipwayException">RESOURCE_DOES_NOT_EXIST when a URI names no version (an unknown model, alias or empty stage).</exception>
    public async Task<DeploymentPlan> PlanAsync(string workspaceId, Deployment deployment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var spec = deployment.Spec;
        var targets = new List<PlannedTarget>(spec.Targets.Count);
        foreach (var target in spec.Targets)
        {
            targets.Add(await ResolveAsync(workspaceId, target.Model, target.Weight, cancellationToken));
        }

        var shadow = spec.Shadow is { } uri ? await ResolveAsync(workspaceId, uri, 0, cancellationToken) : null;
        return new DeploymentPlan(
            workspaceId,
            deployment.Name,
            deployment.Revision,
            targets,
            shadow,
            spec.StickyHeader,
            spec.Batching?.MaxBatchSize ?? 0,
            spec.Batching?.MaxLatencyMs ?? 0,
            spec.LogSampleRate,
            spec.LogWebhook);
    }

    private async Task<PlannedTarget> ResolveAsync(string workspaceId, string uri, int weight, CancellationToken cancellationToken)
    {
        var version = await resolver.ResolveAsync(workspaceId, uri, cancellationToken);
        return new PlannedTarget(version.Name, version.Version, weight, uri);
    }
}
