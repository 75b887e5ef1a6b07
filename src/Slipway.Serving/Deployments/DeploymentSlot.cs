namespace Slipway.Serving.Deployments;

/// <summary>One deployment's place in the engine: what it serves now, and why it serves nothing when loading failed.</summary>
public sealed class DeploymentSlot(string workspaceId, string name)
{
    private LiveDeployment? _current;

    public string WorkspaceId { get; } = workspaceId;

    public string Name { get; } = name;

    /// <summary>The snapshot requests use; null until the first plan has loaded.</summary>
    public LiveDeployment? Current
    {
        get => Volatile.Read(ref _current);
        internal set => Volatile.Write(ref _current, value);
    }

    /// <summary>The plan last asked for, loaded or not.</summary>
    public DeploymentPlan? Wanted { get; internal set; }

    /// <summary>Why <see cref="Wanted"/> could not be loaded; null when it was.</summary>
    public string? LoadError { get; internal set; }

    internal DateTimeOffset FailedAt { get; set; }

    public bool Ready => Current is not null;

    /// <summary>Whether it serves something, and <paramref name="version"/> among its weighted targets when one is named.</summary>
    public bool Serves(string? version) =>
        Current is { } live && (string.IsNullOrEmpty(version) || live.Targets.Any(t => t.Model.VersionText == version));
}
