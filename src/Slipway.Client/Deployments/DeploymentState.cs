namespace Slipway.Client.Deployments;

/// <summary>What the answering server serves for a deployment (see <see cref="DeploymentStatus"/>).</summary>
public enum DeploymentState
{
    /// <summary>The current revision's versions are still loading (or the server has not read the deployment yet).</summary>
    Loading,

    /// <summary>The current revision is served.</summary>
    Ready,

    /// <summary>The current revision could not be loaded; <see cref="DeploymentStatus.Error"/> says why, and an earlier revision may still be served.</summary>
    Failed,
}
