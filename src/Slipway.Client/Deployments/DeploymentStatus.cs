namespace Slipway.Client.Deployments;

/// <summary>
/// What the server that answered serves for a deployment: the <see cref="State"/> of its current revision, why it
/// failed (when it did), the revision actually served (an earlier one while a new one loads or after it failed) and
/// the versions loaded for it, shadow included. Each server process reports its own view.
/// </summary>
public sealed record DeploymentStatus(DeploymentState State, string? Error, long? ServedRevision, IReadOnlyList<ServedVersion> Serving);
