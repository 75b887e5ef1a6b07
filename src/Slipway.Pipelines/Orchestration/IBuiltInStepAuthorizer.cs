using Slipway.Core.Security;

namespace Slipway.Pipelines.Orchestration;

/// <summary>
/// Checks that the user a pipeline runs as may do what a built-in step is about to do to a registered model, as if
/// they had called the API themselves: launching a pipeline needs only edit access, and a step must not let an editor
/// move aliases or stages, which needs maintainer access.
/// </summary>
public interface IBuiltInStepAuthorizer
{
    /// <exception cref="Core.Errors.SlipwayException">PERMISSION_DENIED, naming the user, the model and the level needed.</exception>
    Task RequireAsync(string workspaceId, string? user, string model, AccessLevel needed, string action, CancellationToken cancellationToken);
}
