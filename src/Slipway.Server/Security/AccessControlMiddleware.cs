using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Slipway.Core.Errors;
using Slipway.Core.Security;
using Slipway.Core.Stores;
using Slipway.Server.Hosting;
using Slipway.Server.Mlflow;

namespace Slipway.Server.Security;

/// <summary>
/// The one authorization point (ADR 0007): authenticates the caller, chooses the workspace, checks the
/// endpoint's declared <see cref="AccessRequirement"/> against the caller's role, grants and token scopes, and
/// records audited calls. Endpoints never check access themselves; listings only filter by <see cref="RequestAccess"/>.
/// </summary>
public sealed class AccessControlMiddleware(
    RequestDelegate next,
    SecurityState state,
    Authenticator authenticator,
    IdentityCache cache,
    FailedAttemptLimiter limiter,
    AuditRecorder audit,
    ResourceResolver resolver,
    ServerOptions options)
{
    // A serving replica belongs to its deployment's workspace, so its callers need not name it in every request.
    private readonly string _defaultWorkspace = options.Serving.ServingOnly ? options.Serving.Workspace : Workspaces.Default;

    /// <summary>The header that chooses the workspace a request acts in.</summary>
    public const string WorkspaceHeader = "X-Slipway-Workspace";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var requirement = context.GetEndpoint()?.Metadata.GetMetadata<AccessRequirement>();
        if (requirement is null)
        {
            // No endpoint matched (the router answers 405 itself); nothing is reached that needs protecting.
            await next(context);
            return;
        }

        var caller = state.SingleUser ? Caller.SingleUser : await AuthenticateAsync(context, requirement);
        if (caller is null)
        {
            return;
        }

        if (requirement.Access == Access.Public)
        {
            RequestAccess.SetCaller(context, caller);
            await next(context);
            return;
        }

        if (caller.Scopes is { } scopes && !TokenScopes.Allow(scopes, requirement.Access))
        {
            await DenyAsync(context, requirement, caller, null, ErrorCode.PermissionDenied,
                $"This API token's scopes ({string.Join(' ', scopes)}) do not allow this call.");
            return;
        }

        if (requirement.Access is Access.Authenticated or Access.Admin)
        {
            if (requirement.Access == Access.Admin && !caller.IsAdmin)
            {
                await DenyAsync(context, requirement, caller, null, ErrorCode.PermissionDenied, "Only server admins may do this.");
                return;
            }

            if (requirement.Target == ResourceTarget.User && !caller.IsAdmin
                && await RequestFields.Of(context).GetAsync("username", "user") is { } user && !string.Equals(user, caller.Name, StringComparison.Ordinal))
            {
                await DenyAsync(context, requirement, caller, null, ErrorCode.PermissionDenied, "Only server admins may act on other users.");
                return;
            }

            RequestAccess.SetCaller(context, caller);
            await RunAsync(context, requirement, caller, null);
            return;
        }

        var access = await ChooseWorkspaceAsync(context, requirement, caller);
        if (access is null)
        {
            return;
        }

        RequestAccess.Set(context, access);
        var refusal = await CheckAsync(context, requirement, access);
        if (refusal is { } denied)
        {
            await DenyAsync(context, requirement, caller, access.WorkspaceId, denied.Code, denied.Message);
            return;
        }

        await RunAsync(context, requirement, caller, access.WorkspaceId);
    }

    private async Task<Caller?> AuthenticateAsync(HttpContext context, AccessRequirement requirement)
    {
        if (!context.Request.Headers.ContainsKey(HeaderNames.Authorization))
        {
            if (requirement.Access == Access.Public)
            {
                return Caller.Anonymous;
            }

            context.Response.Headers.WWWAuthenticate = "Basic realm=\"slipway\", Bearer";
            await MlflowResponses.WriteErrorAsync(
                context,
                ErrorCode.Unauthenticated,
                "Authentication required: send HTTP Basic credentials (MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD) or a bearer token (MLFLOW_TRACKING_TOKEN).");
            return null;
        }

        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (limiter.IsBlocked(client))
        {
            context.Response.Headers.RetryAfter = ((int)FailedAttemptLimiter.Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await MlflowResponses.WriteErrorAsync(context, ErrorCode.RequestLimitExceeded, "Too many failed sign-in attempts from this address; try again in a minute.");
            return null;
        }

        var result = await authenticator.AuthenticateAsync(context);
        if (result.Failure is { } failure)
        {
            limiter.RecordFailure(client);
            await audit.RecordAsync(context, result.ClaimedUser, null, "login", null, AuditRecorder.Failure, failure);
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"slipway\", Bearer";
            await MlflowResponses.WriteErrorAsync(context, ErrorCode.Unauthenticated, failure);
            return null;
        }

        var caller = result.Caller!;
        if (result.FreshLogin)
        {
            await audit.RecordAsync(context, caller.Name, null, "login", null, AuditRecorder.Success, caller.Method);
        }

        return caller;
    }

    private async ValueTask<RequestAccess?> ChooseWorkspaceAsync(HttpContext context, AccessRequirement requirement, Caller caller)
    {
        // A route that names its workspace (/api/v1/workspaces/{workspace}/...) acts there, whatever the header says.
        var requested = context.Request.RouteValues.TryGetValue("workspace", out var fromRoute) && fromRoute is string routeWorkspace
            ? routeWorkspace
            : context.Request.Headers[WorkspaceHeader].ToString();
        string workspace;
        if (caller.TokenWorkspace is { } bound)
        {
            if (requested.Length > 0 && !string.Equals(requested, bound, StringComparison.Ordinal))
            {
                await DenyAsync(context, requirement, caller, requested, ErrorCode.PermissionDenied, $"This API token works only in workspace '{bound}'.");
                return null;
            }

            workspace = bound;
        }
        else
        {
            workspace = requested.Length > 0 ? requested : _defaultWorkspace;
        }

        if (caller.IsAdmin)
        {
            if (!await cache.WorkspaceExistsAsync(workspace, context.RequestAborted))
            {
                await DenyAsync(context, requirement, caller, workspace, ErrorCode.ResourceDoesNotExist, WorkspaceNotFound(workspace));
                return null;
            }

            return new RequestAccess(caller, workspace, null, UserAccess.NoGrants);
        }

        var userAccess = await cache.GetAccessAsync(caller.Name, context.RequestAborted);
        if (!userAccess.SeesWorkspace(workspace))
        {
            // 404, not 403: a workspace the caller may not see does not exist as far as it can tell.
            await DenyAsync(context, requirement, caller, workspace, ErrorCode.ResourceDoesNotExist, WorkspaceNotFound(workspace));
            return null;
        }

        return new RequestAccess(caller, workspace, userAccess.RoleIn(workspace), userAccess.GrantsIn(workspace));
    }

    private async ValueTask<(ErrorCode Code, string Message)?> CheckAsync(HttpContext context, AccessRequirement requirement, RequestAccess access)
    {
        if (access.Caller.IsAdmin)
        {
            // Admins reach every workspace, so the whole artifact store too.
            return null;
        }

        if (requirement.Target == ResourceTarget.ArtifactPath)
        {
            // Artifact paths name their experiment; it must be in the request's workspace.
            var contained = await resolver.ResolveArtifactExperimentAsync(context, access);
            if (contained.Refusal is { } refusal)
            {
                return refusal;
            }
        }

        switch (requirement.Access)
        {
            case Access.Own:
                return access.Role == WorkspaceRole.Owner
                    ? null
                    : (ErrorCode.PermissionDenied, $"Only owners of workspace '{access.WorkspaceId}' may do this.");
            case Access.Invoke:
                return access.Role is not null || access.HasGrants
                    ? null
                    : (ErrorCode.PermissionDenied, $"No permission to invoke models in workspace '{access.WorkspaceId}'.");
        }

        var needed = requirement.Access switch
        {
            Access.Read => AccessLevel.Read,
            Access.Edit => AccessLevel.Edit,
            _ => AccessLevel.Manage,
        };
        if (!access.HasGrants || requirement.Target == ResourceTarget.None)
        {
            // The fast path: no grants in this workspace, so the role alone decides.
            if (access.Role is not { } role)
            {
                return needed == AccessLevel.Read && requirement.Target == ResourceTarget.None
                    ? null
                    : (ErrorCode.PermissionDenied, $"You have no role in workspace '{access.WorkspaceId}' that allows this.");
            }

            return AccessLevels.ForRole(role) >= needed
                ? null
                : (ErrorCode.PermissionDenied, $"Your role {WorkspaceRoleNames.ToName(role)} in workspace '{access.WorkspaceId}' does not allow this; it needs {RoleFor(needed)}.");
        }

        var resources = await resolver.ResolveAsync(context, requirement.Target, access);
        if (resources.Count == 0)
        {
            return access.Role is { } role && AccessLevels.ForRole(role) >= needed
                ? null
                : (ErrorCode.ResourceDoesNotExist, "The resource does not exist.");
        }

        foreach (var (kind, id, notFound) in resources)
        {
            var level = access.LevelOn(kind, id);
            if (!AccessLevels.CanRead(level))
            {
                return (ErrorCode.ResourceDoesNotExist, notFound);
            }

            if (level < needed)
            {
                return (ErrorCode.PermissionDenied, $"Permission {AccessLevels.ToName(level)} on {Describe(kind, id)} does not allow this; it needs {AccessLevels.ToName(needed)}.");
            }
        }

        return null;
    }

    private async Task RunAsync(HttpContext context, AccessRequirement requirement, Caller caller, string? workspaceId)
    {
        if (requirement.AuditAction is not { } action)
        {
            await next(context);
            return;
        }

        var resource = await ResourceResolver.DescribeAsync(context);
        try
        {
            await next(context);
        }
        catch (SlipwayException ex)
        {
            await audit.RecordAsync(context, caller.Name, workspaceId, action, resource, AuditRecorder.OutcomeOf(ErrorCodeNames.ToHttpStatus(ex.Code)), ex.Code.ToWireName());
            throw;
        }

        var status = context.Response.StatusCode;
        await audit.RecordAsync(context, caller.Name, workspaceId, action, resource, AuditRecorder.OutcomeOf(status), status >= 400 ? $"HTTP {status}" : null);
    }

    private async Task DenyAsync(HttpContext context, AccessRequirement requirement, Caller caller, string? workspaceId, ErrorCode code, string message)
    {
        if (requirement.AuditAction is { } action)
        {
            await audit.RecordAsync(context, caller.Name, workspaceId, action, await ResourceResolver.DescribeAsync(context), AuditRecorder.Denied, message);
        }

        await MlflowResponses.WriteErrorAsync(context, code, message);
    }

    private static string WorkspaceNotFound(string workspace) => $"Workspace '{workspace}' not found.";

    private static string RoleFor(AccessLevel level) => level switch
    {
        AccessLevel.Read => "viewer",
        AccessLevel.Edit => "editor",
        _ => "maintainer",
    };

    private static string Describe(GrantedResource kind, string id) =>
        kind == GrantedResource.Experiment ? $"experiment {id}" : $"registered model {id}";
}
