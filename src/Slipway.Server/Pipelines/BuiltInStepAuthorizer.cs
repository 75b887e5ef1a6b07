using Slipway.Core.Errors;
using Slipway.Core.Security;
using Slipway.Pipelines.Orchestration;
using Slipway.Server.Security;

namespace Slipway.Server.Pipelines;

/// <summary>
/// The server's rules applied to built-in steps: admins may do anything; others get the level their workspace role
/// gives, or the registered model's own grant where it has one. A pipeline started in single-user mode (by the
/// built-in identity, which is no stored user) is not checked, as no call on such a server is.
/// </summary>
internal sealed class BuiltInStepAuthorizer(IdentityCache identities) : IBuiltInStepAuthorizer
{
    public async Task RequireAsync(string workspaceId, string? user, string model, AccessLevel needed, string action, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(user) || user == Caller.SingleUser.Name)
        {
            return;
        }

        var stored = await identities.GetUserAsync(user, cancellationToken);
        if (stored is null)
        {
            throw new SlipwayException(ErrorCode.PermissionDenied, $"The pipeline runs as '{user}', who is no longer a user of this server; it cannot {action}.");
        }

        if (stored.IsAdmin)
        {
            return;
        }

        var access = await identities.GetAccessAsync(user, cancellationToken);
        var level = access.GrantsIn(workspaceId).TryGetValue((GrantedResource.RegisteredModel, model), out var granted)
            ? granted
            : access.RoleIn(workspaceId) is { } role ? AccessLevels.ForRole(role) : AccessLevel.NoPermissions;
        if (level < needed)
        {
            throw new SlipwayException(
                ErrorCode.PermissionDenied,
                $"The pipeline runs as '{user}', who has {AccessLevels.ToName(level)} on model '{model}' in workspace '{workspaceId}'; to {action} needs {AccessLevels.ToName(needed)}.");
        }
    }
}
