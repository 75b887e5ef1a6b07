namespace Slipway.Serving.Deployments;

/// <summary>
/// What a deployment serves at this moment: an immutable snapshot the engine swaps in whole, so a request sees
/// either the old configuration or the new one, never a mixture.
/// </summary>
public sealed class LiveDeployment
{
    private readonly int[] _cumulative;

    internal LiveDeployment(DeploymentPlan plan, IReadOnlyList<LiveTarget> targets, LiveTarget? shadow)
    {
        Plan = plan;
        Targets = targets;
        Shadow = shadow;
        _cumulative = new int[targets.Count];
        var sum = 0;
        for (var i = 0; i < targets.Count; i++)
        {
            sum += targets[i].Target.Weight;
            _cumulative[i] = sum;
        }
    }

    public DeploymentPlan Plan { get; }

    public IReadOnlyList<LiveTarget> Targets { get; }

    public LiveTarget? Shadow { get; }

    internal LiveTarget Pick(string? stickyKey) => Targets[TrafficSplit.Pick(_cumulative, stickyKey)];

    /// <summary>Lets queued batches finish, then gives up this snapshot's hold on its models.</summary>
    internal async Task RetireAsync()
    {
        foreach (var target in Shadow is null ? Targets : [.. Targets, Shadow])
        {
            if (target.Batcher is { } batcher)
            {
                await batcher.DisposeAsync();
            }

            target.Model.Release();
        }
    }
}
