using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Slipway.Core.Errors;
using Slipway.Core.Serving;
using Slipway.Core.Stores;
using Slipway.Serving.Deployments;

namespace Slipway.Server.Serving;

/// <summary>
/// Keeps the serving engine in line with the store: every <see cref="ServingOptions.PollInterval"/> it reads the
/// deployments (one, on a serving-only replica), resolves the registry URIs they name and applies the plans, so a
/// deployment changed through any replica, or an alias moved in the registry, is served within one interval. API
/// calls that change a deployment apply it at once through <see cref="SyncNowAsync"/>.
/// </summary>
public sealed partial class ServingHost(
    IDeploymentStore store,
    DeploymentPlanner planner,
    ServingEngine engine,
    ServingOptions options,
    ILogger<ServingHost> logger) : BackgroundService
{
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly Dictionary<(string, string), DeploymentPlan> _lastPlans = [];

    /// <summary>Reads the store and applies what changed, now.</summary>
    public async Task SyncNowAsync(CancellationToken cancellationToken = default)
    {
        await _sync.WaitAsync(cancellationToken);
        try
        {
            var deployments = await ReadAsync(cancellationToken);
            var plans = new List<DeploymentPlan>(deployments.Count);
            var unplanned = new Dictionary<(string WorkspaceId, string Name), string>();
            foreach (var (workspaceId, deployment) in deployments)
            {
                var key = (workspaceId, deployment.Name);
                try
                {
                    var plan = await planner.PlanAsync(workspaceId, deployment, cancellationToken);
                    _lastPlans[key] = plan;
                    plans.Add(plan);
                }
                catch (SlipwayException ex) when (ex.Code is ErrorCode.ResourceDoesNotExist or ErrorCode.InvalidParameterValue)
                {
                    unplanned[key] = $"revision {deployment.Revision} names a model that cannot be resolved: {ex.Message}";
                }
            }

            foreach (var gone in _lastPlans.Keys.Where(k => !deployments.Any(d => (d.WorkspaceId, d.Deployment.Name) == k)).ToList())
            {
                _lastPlans.Remove(gone);
            }

            await engine.ApplyAsync(plans, unplanned, cancellationToken);
        }
        finally
        {
            _sync.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await engine.DisposeAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SyncNowAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed pass (the database briefly away, say) must not stop serving; the next pass tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogSyncFailed(logger, ex);
            }

            try
            {
                await Task.Delay(options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<IReadOnlyList<(string WorkspaceId, Deployment Deployment)>> ReadAsync(CancellationToken cancellationToken)
    {
        if (options.Model is { } model)
        {
            return [(options.Workspace, ModelOnlyDeployment.For(model))];
        }

        if (options.Deployment is { } name)
        {
            try
            {
                return [(options.Workspace, await store.GetDeploymentAsync(options.Workspace, name, cancellationToken))];
            }
            catch (SlipwayException ex) when (ex.Code == ErrorCode.ResourceDoesNotExist)
            {
                return [];
            }
        }

        return await store.ListAllDeploymentsAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading deployments failed; serving goes on with what is loaded")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
