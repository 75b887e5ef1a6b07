using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using Slipway.Core.Errors;
using Slipway.Serving.Packaging;

namespace Slipway.Serving.Deployments;

/// <summary>
/// Serves deployments from memory. <see cref="ApplyAsync"/> brings what is loaded in line with the plans it is given
/// (the server's watcher calls it whenever a deployment or an alias changes); each change loads and warms up the new
/// versions first, swaps the deployment's snapshot in one write, and only then lets the old versions go, once their
/// last request has finished. A version that fails to load leaves the deployment serving what it served before.
/// </summary>
public sealed class ServingEngine : IAsyncDisposable
{
    /// <summary>How long a plan that failed to load waits before it is tried again.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string WorkspaceId, string Name), DeploymentSlot> _slots = new();
    private readonly SemaphoreSlim _applying = new(1, 1);
    private readonly IModelSource _source;
    private readonly IInferenceRecorder? _recorder;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private volatile bool _disposed;

    public ServingEngine(IModelSource source, IInferenceRecorder? recorder = null, ILogger<ServingEngine>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _recorder = recorder;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        Metrics.DefaultRegistry.AddBeforeCollectCallback(UpdateGauges);
    }

    /// <summary>Every deployment the engine knows, loaded or not.</summary>
    public IReadOnlyList<DeploymentSlot> Slots => [.. _slots.Values.OrderBy(s => s.WorkspaceId, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>Whether every deployment serves something.</summary>
    public bool Ready => _slots.Values.All(s => s.Ready);

    public DeploymentSlot? Find(string workspaceId, string name) => _slots.GetValueOrDefault((workspaceId, name));

    /// <exception cref="SlipwayException">RESOURCE_DOES_NOT_EXIST, naming the deployment, when the engine has none of that name.</exception>
    public DeploymentSlot Get(string workspaceId, string name) =>
        Find(workspaceId, name)
        ?? throw SlipwayException.NotFound($"There is no deployment named '{name}'{(workspaceId == Core.Stores.Workspaces.Default ? string.Empty : $" in workspace '{workspaceId}'")}.");

    /// <summary>
    /// Whether the process can take traffic: every deployment serves; and, when <paramref name="needsDeployment"/> (a
    /// serving replica), there is at least one, or it has nothing to serve.
    /// </summary>
    public bool ServesAll(bool needsDeployment) => Ready && (!needsDeployment || !_slots.IsEmpty);

    /// <summary>
    /// Makes the engine serve exactly <paramref name="plans"/>: new and changed deployments are loaded and swapped in,
    /// deployments missing from the list are unloaded. Plans equal to what is served cost nothing.
    /// </summary>
    /// <param name="unplanned">
    /// Deployments whose plan could not be made (an alias that names no version, say), with the reason: they keep
    /// serving what they serve, and report the reason.
    /// </param>
    public async Task ApplyAsync(
        IReadOnlyList<DeploymentPlan> plans,
        IReadOnlyDictionary<(string WorkspaceId, string Name), string>? unplanned = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plans);
        await _applying.WaitAsync(cancellationToken);
        try
        {
            foreach (var (key, reason) in unplanned ?? new Dictionary<(string, string), string>())
            {
                var slot = _slots.GetOrAdd(key, k => new DeploymentSlot(k.WorkspaceId, k.Name));
                slot.LoadError = reason;
                slot.FailedAt = _time.GetUtcNow();
            }

            var wanted = plans.Select(p => (p.WorkspaceId, p.Name)).Concat(unplanned?.Keys ?? []).ToHashSet();
            foreach (var key in _slots.Keys.Where(k => !wanted.Contains(k)).ToList())
            {
                if (_slots.TryRemove(key, out var removed) && removed.Current is { } current)
                {
                    removed.Current = null;
                    await current.RetireAsync();
                }
            }

            foreach (var plan in plans)
            {
                await ApplyOneAsync(_slots.GetOrAdd((plan.WorkspaceId, plan.Name), key => new DeploymentSlot(key.WorkspaceId, key.Name)), plan, cancellationToken);
            }
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <summary>
    /// Chooses the version that answers a request (the one named, else by weight, sticky by <paramref name="stickyKey"/>)
    /// and holds it until the returned call is disposed.
    /// </summary>
    /// <exception cref="SlipwayException">RESOURCE_DOES_NOT_EXIST for an unknown deployment or version; TEMPORARILY_UNAVAILABLE while it loads.</exception>
    public ServingCall Begin(string workspaceId, string deployment, string? version = null, string? stickyKey = null)
    {
        var slot = Get(workspaceId, deployment);
        for (var attempt = 0; ; attempt++)
        {
            var live = slot.Current ?? throw new SlipwayException(
                ErrorCode.TemporarilyUnavailable,
                slot.LoadError is { } error
                    ? $"Deployment '{deployment}' has no model loaded: {error}"
                    : $"Deployment '{deployment}' is still loading its model; retry shortly.");
            var target = version is null ? live.Pick(stickyKey) : FindVersion(live, version);
            if (target.Model.TryAcquire())
            {
                return new ServingCall(live, target, _recorder);
            }

            // The snapshot was swapped out and its model unloaded between reading it and taking the lease: the
            // new snapshot is already in place, so reading it again succeeds.
            if (attempt == 16)
            {
                throw new SlipwayException(ErrorCode.TemporarilyUnavailable, $"Deployment '{deployment}' is changing its model; retry the request.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _applying.WaitAsync();
        try
        {
            foreach (var slot in _slots.Values)
            {
                if (slot.Current is { } current)
                {
                    slot.Current = null;
                    await current.RetireAsync();
                }
            }

            _slots.Clear();
        }
        finally
        {
            _applying.Release();
        }
    }

    private static LiveTarget FindVersion(LiveDeployment live, string version) =>
        live.Targets.FirstOrDefault(t => t.Model.VersionText == version)
        ?? throw SlipwayException.NotFound(
            $"Deployment '{live.Plan.Name}' serves version{(live.Targets.Count == 1 ? string.Empty : "s")} "
            + $"{string.Join(", ", live.Targets.Select(t => t.Model.VersionText))} of '{live.Targets[0].Model.Name}', not version {version}.");

    private async Task ApplyOneAsync(DeploymentSlot slot, DeploymentPlan plan, CancellationToken cancellationToken)
    {
        if (slot.Current?.Plan.Equals(plan) == true)
        {
            return;
        }

        if (plan.Equals(slot.Wanted) && slot.LoadError is not null && _time.GetUtcNow() - slot.FailedAt < RetryAfterFailure)
        {
            return;
        }

        slot.Wanted = plan;
        var acquired = new List<LoadedModel>();
        try
        {
            var primary = plan.Targets.Select((t, i) => (t, i)).MaxBy(x => (x.t.Weight, -x.i)).i;
            var targets = new List<LiveTarget>();
            for (var i = 0; i < plan.Targets.Count; i++)
            {
                var model = await AcquireAsync(slot, plan, plan.Targets[i], cancellationToken);
                acquired.Add(model);
                targets.Add(new LiveTarget(plan, plan.Targets[i], model, i == primary ? RouteNames.Primary : RouteNames.Canary));
            }

            LiveTarget? shadow = null;
            if (plan.Shadow is { } shadowTarget)
            {
                var model = await AcquireAsync(slot, plan, shadowTarget, cancellationToken);
                acquired.Add(model);
                shadow = new LiveTarget(plan, shadowTarget, model, RouteNames.Shadow);
            }

            var previous = slot.Current;
            slot.Current = new LiveDeployment(plan, targets, shadow);
            slot.LoadError = null;
            if (previous is not null)
            {
                await previous.RetireAsync();
            }
        }
        catch (Exception ex) when (ex is SlipwayException or IOException or UnauthorizedAccessException)
        {
            foreach (var model in acquired)
            {
                model.Release();
            }

            slot.LoadError = ex.Message;
            slot.FailedAt = _time.GetUtcNow();
            _logger.LogWarning("Deployment {Deployment} could not load revision {Revision}: {Error}", plan.Name, plan.Revision, ex.Message);
        }
    }

    /// <summary>The version already in memory for this deployment when it is, else fetched, loaded and warmed up.</summary>
    private async Task<LoadedModel> AcquireAsync(DeploymentSlot slot, DeploymentPlan plan, PlannedTarget target, CancellationToken cancellationToken)
    {
        if (slot.Current is { } current)
        {
            foreach (var live in current.Shadow is null ? current.Targets : [.. current.Targets, current.Shadow])
            {
                if (live.Model.Name == target.ModelName && live.Model.Version == target.Version && live.Model.TryAcquire())
                {
                    return live.Model;
                }
            }
        }

        var started = Stopwatch.GetTimestamp();
        var directory = await _source.FetchAsync(plan.WorkspaceId, target.ModelName, target.Version, cancellationToken);
        var package = await Task.Run(() => ModelPackage.Load(directory), cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var model = new LoadedModel(target.ModelName, target.Version, package, elapsed);
        ServingMetrics.LoadSeconds.WithLabels(plan.WorkspaceId, plan.Name, target.ModelName, model.VersionText).Set(elapsed.TotalSeconds);
        _logger.LogInformation("Deployment {Deployment} loaded {Model} version {Version} in {Seconds:F2} s", plan.Name, target.ModelName, target.Version, elapsed.TotalSeconds);
        return model;
    }

    private void UpdateGauges()
    {
        if (_disposed)
        {
            return;
        }

        var loaded = 0;
        foreach (var slot in _slots.Values)
        {
            if (slot.Current is not { } live)
            {
                continue;
            }

            foreach (var target in live.Targets)
            {
                loaded++;
                if (target.Batcher is { } batcher)
                {
                    target.QueueDepth?.Set(batcher.QueueDepth);
                }
            }

            loaded += live.Shadow is null ? 0 : 1;
        }

        ServingMetrics.LoadedModels.Set(loaded);
    }
}
