using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Slipway.Core.Errors;
using Slipway.Core.Security;
using Slipway.Core.Stores;
using Slipway.Server.Hosting;
using Slipway.Server.Mlflow;
using Slipway.Server.Mlflow.Contracts;
using Slipway.Server.Security;

namespace Slipway.Server.Native;

/// <summary>
/// The native security API under <c>/api/v1</c>: first-admin setup, users, API tokens, workspaces and their
/// members, per-resource permissions and the audit log. Who may call what is declared here and checked by
/// <see cref="AccessControlMiddleware"/>; handlers validate input and change the store.
/// </summary>
public static class SecurityApi
{
    private static NativeJsonContext Json => NativeJsonContext.Default;

    public static IEndpointRouteBuilder MapSecurityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Security").WithMetadata(BodySizeLimit.Management);
        api.MapPost("/setup", Setup).Public()
            .WithSummary("Creates the first admin with the one-time setup token printed at start (only while no users exist).");
        api.MapGet("/me", WhoAmI).WithMetadata(new AccessRequirement(Access.Authenticated, ResourceTarget.None, null, "reads change nothing"))
            .WithSummary("The caller: user, how it signed in, token scopes and workspace memberships.");

        api.MapGet("/users", ListUsers).Reads(ResourceTarget.None, Access.Admin).WithSummary("Every user (admins).");
        api.MapPost("/users", CreateUser).Changes(Access.Admin, ResourceTarget.None, "user.create")
            .WithSummary("Creates a user with a password, or a service account (no password; tokens only).");
        api.MapGet("/users/{username}", GetUser).Reads(ResourceTarget.User, Access.Authenticated).WithSummary("One user (admins, or the user itself).");
        api.MapPut("/users/{username}/password", SetPassword).Changes(Access.Authenticated, ResourceTarget.User, "user.update-password")
            .WithSummary("Sets a user's password (admins, or the user itself).");
        api.MapPut("/users/{username}/admin", SetAdmin).Changes(Access.Admin, ResourceTarget.None, "user.update-admin")
            .WithSummary("Makes a user a server admin or takes it back.");
        api.MapDelete("/users/{username}", DeleteUser).Changes(Access.Admin, ResourceTarget.None, "user.delete")
            .WithSummary("Deletes a user with its tokens, memberships and permissions.");

        api.MapGet("/tokens", ListTokens).Reads(ResourceTarget.User, Access.Authenticated).WithSummary("A user's API tokens (never the tokens themselves).");
        api.MapPost("/tokens", CreateToken).Changes(Access.Authenticated, ResourceTarget.User, "token.create")
            .WithSummary("Creates an API token; the response shows it once.");
        api.MapDelete("/tokens/{name}", RevokeToken).Changes(Access.Authenticated, ResourceTarget.User, "token.revoke")
            .WithSummary("Revokes an API token at once.");

        api.MapGet("/workspaces", ListWorkspaces).Reads(ResourceTarget.None, Access.Authenticated)
            .WithSummary("Workspaces the caller can see (every one, for admins) and its role in each.");
        api.MapPost("/workspaces", CreateWorkspace).Changes(Access.Admin, ResourceTarget.None, "workspace.create")
            .WithSummary("Creates a workspace, optionally with its first owner.");
        api.MapGet("/workspaces/{workspace}/members", ListMembers).Reads().WithSummary("The workspace's members and their roles.");
        api.MapPut("/workspaces/{workspace}/members/{username}", SetMember).Changes(Access.Own, ResourceTarget.None, "workspace.set-member")
            .WithSummary("Gives a user a role (viewer, editor, maintainer, owner) in the workspace.");
        api.MapDelete("/workspaces/{workspace}/members/{username}", RemoveMember).Changes(Access.Own, ResourceTarget.None, "workspace.remove-member")
            .WithSummary("Removes a user from the workspace.");

        api.MapGet("/permissions", ListPermissions).Reads(ResourceTarget.User, Access.Authenticated)
            .WithSummary("A user's per-resource permissions in every workspace.");
        api.MapPut("/experiments/{experiment_id}/permissions/{username}", SetExperimentPermission)
            .Changes(Access.Manage, ResourceTarget.Experiment, "permission.set")
            .WithSummary("Gives a user READ, EDIT, MANAGE or NO_PERMISSIONS on an experiment, replacing its role's level there.");
        api.MapDelete("/experiments/{experiment_id}/permissions/{username}", DeleteExperimentPermission)
            .Changes(Access.Manage, ResourceTarget.Experiment, "permission.delete");
        api.MapPut("/models/{name}/permissions/{username}", SetModelPermission)
            .Changes(Access.Manage, ResourceTarget.RegisteredModel, "permission.set")
            .WithSummary("Gives a user READ, EDIT, MANAGE or NO_PERMISSIONS on a registered model.");
        api.MapDelete("/models/{name}/permissions/{username}", DeleteModelPermission)
            .Changes(Access.Manage, ResourceTarget.RegisteredModel, "permission.delete");

        api.MapGet("/audit", QueryAudit).Reads(ResourceTarget.None, Access.Admin)
            .WithSummary("Audit entries, oldest first, filtered by time (from, to: ms since the epoch), actor, workspace and action.");
        api.MapGet("/audit/export", ExportAudit).Reads(ResourceTarget.None, Access.Admin)
            .WithSummary("The same entries as JSON lines (application/x-ndjson), every page.");
        return app;
    }

    private static async Task Setup(HttpContext context, SecurityState state, IIdentityStore store, IdentityCache cache, AuditRecorder audit)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.SetupRequest);
        UserNames.Validate(request.Username);
        PasswordRules.Validate(request.Password);
        if (!state.AwaitingSetup || !state.TryConsumeSetupToken(request.SetupToken))
        {
            await audit.RecordAsync(context, request.Username, null, "setup", $"user:{request.Username}", AuditRecorder.Denied, "invalid or used setup token");
            throw new SlipwayException(ErrorCode.PermissionDenied, "Invalid setup token: it is printed once at start, works once, and only while no users exist.");
        }

        var user = await store.CreateUserAsync(new NewUser(request.Username!, PasswordHasher.Hash(request.Password!), true, false), context.RequestAborted);
        cache.Invalidate();
        await audit.RecordAsync(context, user.Name, null, "setup", $"user:{user.Name}", AuditRecorder.Success);
        await MlflowResponses.WriteAsync(context, new UserResponse { User = ToDto(user) }, Json.UserResponse);
    }

    private static async Task WhoAmI(HttpContext context, IdentityCache cache, IIdentityStore store)
    {
        var caller = RequestAccess.CallerOf(context)!;
        var user = caller == Caller.SingleUser
            ? new User(0, caller.Name, true, false, 0)
            : await cache.GetUserAsync(caller.Name, context.RequestAborted) ?? throw SlipwayException.NotFound($"User with username={caller.Name} not found");
        var memberships = caller == Caller.SingleUser ? [] : await store.ListMembershipsAsync(caller.Name, context.RequestAborted);
        await MlflowResponses.WriteAsync(
            context,
            new WhoAmIResponse
            {
                User = ToDto(user),
                Method = caller.Method,
                Scopes = caller.Scopes?.ToList(),
                TokenWorkspace = caller.TokenWorkspace,
                Memberships = [.. memberships.Select(ToDto)],
            },
            Json.WhoAmIResponse);
    }

    private static async Task ListUsers(HttpContext context, IIdentityStore store)
    {
        var users = await store.ListUsersAsync(context.RequestAborted);
        await MlflowResponses.WriteAsync(context, new UsersResponse { Users = [.. users.Select(ToDto)] }, Json.UsersResponse);
    }

    private static async Task CreateUser(HttpContext context, IIdentityStore store, IdentityCache cache, SecurityState state)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.CreateUserRequest);
        var serviceAccount = request.ServiceAccount ?? false;
        var user = await UserAccounts.CreateAsync(store, cache, state, request.Username, request.Password, request.Admin ?? false, serviceAccount, context.RequestAborted);
        await MlflowResponses.WriteAsync(context, new UserResponse { User = ToDto(user) }, Json.UserResponse);
    }

    private static async Task GetUser(HttpContext context, IIdentityStore store, string username)
    {
        var user = await store.GetUserAsync(username, context.RequestAborted);
        await MlflowResponses.WriteAsync(context, new UserResponse { User = ToDto(user) }, Json.UserResponse);
    }

    private static async Task SetPassword(HttpContext context, IIdentityStore store, IdentityCache cache, string username)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.PasswordRequest);
        await UserAccounts.SetPasswordAsync(store, cache, username, request.Password, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task SetAdmin(HttpContext context, IIdentityStore store, IdentityCache cache, string username)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.AdminFlagRequest);
        await UserAccounts.SetAdminAsync(store, cache, username, request.Admin, "admin", context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task DeleteUser(HttpContext context, IIdentityStore store, IdentityCache cache, string username)
    {
        await UserAccounts.DeleteAsync(store, cache, username, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task ListTokens(HttpContext context, IIdentityStore store, TimeProvider time)
    {
        var user = UserNamedOrCaller(context, "user");
        await store.GetUserAsync(user, context.RequestAborted);
        var tokens = await store.ListApiTokensAsync(user, context.RequestAborted);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await MlflowResponses.WriteAsync(context, new TokensResponse { Tokens = [.. tokens.Select(t => ToDto(t, now))] }, Json.TokensResponse);
    }

    private static async Task CreateToken(HttpContext context, IIdentityStore store, IdentityCache cache, TimeProvider time)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.CreateTokenRequest);
        var caller = RequestAccess.CallerOf(context)!;
        var user = string.IsNullOrEmpty(request.User) ? caller.Name : request.User;
        if (caller == Caller.SingleUser)
        {
            throw SlipwayException.Invalid("API tokens belong to users, and this server is in single-user mode: create a user first (slipway users create NAME --admin).");
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 64 || request.Name.Any(char.IsControl))
        {
            throw SlipwayException.Invalid("Invalid value for parameter 'name': a token name has 1 to 64 printable characters.");
        }

        var scopes = request.Scopes is { Count: > 0 } asked ? asked.Distinct(StringComparer.Ordinal).ToList() : [.. TokenScopes.Default];
        foreach (var scope in scopes)
        {
            if (!TokenScopes.IsKnown(scope))
            {
                throw SlipwayException.Invalid($"Invalid value for parameter 'scopes': unknown scope '{scope}'; expected {string.Join(", ", TokenScopes.All)}.");
            }

            if (caller.Scopes is { } callerScopes && !TokenScopes.MayIssue(callerScopes, scope))
            {
                throw new SlipwayException(ErrorCode.PermissionDenied, $"A token with scopes ({string.Join(' ', callerScopes)}) cannot issue a token with scope '{scope}'.");
            }
        }

        var target = await store.GetUserAsync(user, context.RequestAborted);
        if (scopes.Contains(TokenScopes.Admin) && !target.IsAdmin)
        {
            throw SlipwayException.Invalid($"Invalid value for parameter 'scopes': 'admin' is for server admins, and {user} is not one.");
        }

        var workspace = caller.TokenWorkspace ?? request.Workspace;
        if (workspace is not null)
        {
            WorkspaceNames.Validate(workspace);
            if (request.Workspace is not null && caller.TokenWorkspace is { } bound && bound != request.Workspace)
            {
                throw new SlipwayException(ErrorCode.PermissionDenied, $"This API token works only in workspace '{bound}', so the tokens it issues do too.");
            }
        }

        if (request.ExpiresInDays is <= 0 or > 3650)
        {
            throw SlipwayException.Invalid("Invalid value for parameter 'expires_in_days': expected 1 to 3650 (omit it for a token that does not expire).");
        }

        var now = time.GetUtcNow();
        var expiry = request.ExpiresInDays is { } days ? now.AddDays(days).ToUnixTimeMilliseconds() : (long?)null;
        var token = ApiTokens.NewToken();
        var info = await store.CreateApiTokenAsync(
            new NewApiToken(user, request.Name, ApiTokens.Hash(token), ApiTokens.DisplayPrefix(token), scopes, workspace, expiry),
            context.RequestAborted);
        cache.Invalidate();
        await MlflowResponses.WriteAsync(context, new CreateTokenResponse { Token = token, Info = ToDto(info, now.ToUnixTimeMilliseconds()) }, Json.CreateTokenResponse);
    }

    private static async Task RevokeToken(HttpContext context, IIdentityStore store, IdentityCache cache, string name)
    {
        var user = UserNamedOrCaller(context, "user");
        await store.RevokeApiTokenAsync(user, name, context.RequestAborted);
        cache.Invalidate();
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task ListWorkspaces(HttpContext context, IIdentityStore store, IdentityCache cache)
    {
        var caller = RequestAccess.CallerOf(context)!;
        List<WorkspaceDto> workspaces;
        if (caller.IsAdmin)
        {
            var memberships = caller == Caller.SingleUser ? [] : await store.ListMembershipsAsync(caller.Name, context.RequestAborted);
            var roles = memberships.ToDictionary(m => m.WorkspaceId, m => WorkspaceRoleNames.ToName(m.Role), StringComparer.Ordinal);
            workspaces = [.. (await store.ListWorkspacesAsync(context.RequestAborted)).Select(w => new WorkspaceDto { Workspace = w, Role = roles.GetValueOrDefault(w) })];
        }
        else
        {
            var memberships = await store.ListMembershipsAsync(caller.Name, context.RequestAborted);
            var grants = await store.ListResourceGrantsAsync(caller.Name, context.RequestAborted);
            workspaces = [.. memberships.Select(m => new WorkspaceDto { Workspace = m.WorkspaceId, Role = WorkspaceRoleNames.ToName(m.Role) })
                .Concat(grants.Select(g => g.WorkspaceId).Distinct(StringComparer.Ordinal)
                    .Where(w => memberships.All(m => m.WorkspaceId != w))
                    .Select(w => new WorkspaceDto { Workspace = w }))
                .OrderBy(w => w.Workspace, StringComparer.Ordinal)];
        }

        if (caller.TokenWorkspace is { } bound)
        {
            workspaces = [.. workspaces.Where(w => w.Workspace == bound)];
        }

        await MlflowResponses.WriteAsync(context, new WorkspacesResponse { Workspaces = workspaces }, Json.WorkspacesResponse);
    }

    private static async Task CreateWorkspace(HttpContext context, IIdentityStore store, IdentityCache cache)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.CreateWorkspaceRequest);
        WorkspaceNames.Validate(request.Workspace);
        if (request.Owner is not null)
        {
            await store.GetUserAsync(request.Owner, context.RequestAborted);
        }

        await store.CreateWorkspaceAsync(request.Workspace!, context.RequestAborted);
        if (request.Owner is not null)
        {
            await store.SetWorkspaceMemberAsync(request.Workspace!, request.Owner, WorkspaceRole.Owner, context.RequestAborted);
        }

        cache.Invalidate();
        await MlflowResponses.WriteAsync(
            context,
            new WorkspacesResponse { Workspaces = [new WorkspaceDto { Workspace = request.Workspace!, Role = request.Owner is null ? null : "owner" }] },
            Json.WorkspacesResponse);
    }

    private static async Task ListMembers(HttpContext context, IIdentityStore store, string workspace)
    {
        var members = await store.ListWorkspaceMembersAsync(workspace, context.RequestAborted);
        await MlflowResponses.WriteAsync(context, new MembersResponse { Members = [.. members.Select(ToDto)] }, Json.MembersResponse);
    }

    private static async Task SetMember(HttpContext context, IIdentityStore store, IdentityCache cache, string workspace, string username)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.RoleRequest);
        if (!WorkspaceRoleNames.TryParse(request.Role, out var role))
        {
            throw SlipwayException.Invalid($"Invalid value for parameter 'role': '{request.Role}'; expected viewer, editor, maintainer or owner.");
        }

        await store.SetWorkspaceMemberAsync(workspace, username, role, context.RequestAborted);
        cache.Invalidate();
        await MlflowResponses.WriteAsync(
            context,
            new MembersResponse { Members = [ToDto(new WorkspaceMembership(workspace, username, role))] },
            Json.MembersResponse);
    }

    private static async Task RemoveMember(HttpContext context, IIdentityStore store, IdentityCache cache, string workspace, string username)
    {
        await store.RemoveWorkspaceMemberAsync(workspace, username, context.RequestAborted);
        cache.Invalidate();
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task ListPermissions(HttpContext context, IIdentityStore store)
    {
        var user = UserNamedOrCaller(context, "username");
        var grants = await store.ListResourceGrantsAsync(user, context.RequestAborted);
        await MlflowResponses.WriteAsync(context, new PermissionsResponse { Permissions = [.. grants.Select(ToDto)] }, Json.PermissionsResponse);
    }

    private static Task SetExperimentPermission(HttpContext context, IIdentityStore store, IdentityCache cache, string experiment_id, string username) =>
        SetPermissionAsync(context, store, cache, GrantedResource.Experiment, experiment_id, username);

    private static Task DeleteExperimentPermission(HttpContext context, IIdentityStore store, IdentityCache cache, string experiment_id, string username) =>
        DeletePermissionAsync(context, store, cache, GrantedResource.Experiment, experiment_id, username);

    private static Task SetModelPermission(HttpContext context, IIdentityStore store, IdentityCache cache, string name, string username) =>
        SetPermissionAsync(context, store, cache, GrantedResource.RegisteredModel, name, username);

    private static Task DeleteModelPermission(HttpContext context, IIdentityStore store, IdentityCache cache, string name, string username) =>
        DeletePermissionAsync(context, store, cache, GrantedResource.RegisteredModel, name, username);

    private static async Task SetPermissionAsync(HttpContext context, IIdentityStore store, IdentityCache cache, GrantedResource kind, string resource, string user)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.PermissionRequest);
        var level = ResourcePermissions.ParseLevel(request.Permission);
        var grant = new ResourceGrant(Hosting.RequestWorkspace.Of(context), kind, resource, user, level);
        await store.SetResourceGrantAsync(grant, context.RequestAborted);
        cache.Invalidate();
        await MlflowResponses.WriteAsync(context, new PermissionsResponse { Permissions = [ToDto(grant)] }, Json.PermissionsResponse);
    }

    private static async Task DeletePermissionAsync(HttpContext context, IIdentityStore store, IdentityCache cache, GrantedResource kind, string resource, string user)
    {
        await store.DeleteResourceGrantAsync(Hosting.RequestWorkspace.Of(context), kind, resource, user, context.RequestAborted);
        cache.Invalidate();
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task QueryAudit(HttpContext context, IAuditLog log)
    {
        var page = await log.QueryAuditEventsAsync(ReadAuditQuery(context.Request.Query), context.RequestAborted);
        await MlflowResponses.WriteAsync(
            context,
            new AuditEventsResponse { Events = [.. page.Items.Select(ToDto)], NextPageToken = page.NextPageToken },
            Json.AuditEventsResponse);
    }

    private static async Task ExportAudit(HttpContext context, IAuditLog log)
    {
        var query = ReadAuditQuery(context.Request.Query) with { MaxResults = 1000 };
        context.Response.ContentType = "application/x-ndjson";
        var newline = "\n"u8.ToArray();
        while (true)
        {
            var page = await log.QueryAuditEventsAsync(query, context.RequestAborted);
            foreach (var entry in page.Items)
            {
                await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(ToDto(entry), Json.AuditEventDto), context.RequestAborted);
                await context.Response.Body.WriteAsync(newline, context.RequestAborted);
            }

            if (page.NextPageToken is null)
            {
                break;
            }

            query = query with { AfterId = long.Parse(page.NextPageToken, CultureInfo.InvariantCulture) };
        }
    }

    private static AuditQuery ReadAuditQuery(IQueryCollection query)
    {
        long? Long(string name)
        {
            var text = query[name].ToString();
            if (text.Length == 0)
            {
                return null;
            }

            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw SlipwayException.Invalid($"Invalid value for parameter '{name}': expected an integer, got '{text}'.");
        }

        string? Text(string name) => query[name].ToString() is { Length: > 0 } text ? text : null;

        var maxResults = Long("max_results") ?? 100;
        if (maxResults is < 1 or > 1000)
        {
            throw SlipwayException.Invalid("Invalid value for parameter 'max_results': expected 1 to 1000.");
        }

        return new AuditQuery(Long("from"), Long("to"), Text("actor"), Text("workspace"), Text("action"), (int)maxResults, Long("page_token"));
    }

    /// <summary>The user a query parameter names (the authorization point has checked the caller may act for it), else the caller.</summary>
    private static string UserNamedOrCaller(HttpContext context, string parameter) =>
        context.Request.Query[parameter].ToString() is { Length: > 0 } named ? named : RequestAccess.CallerOf(context)!.Name;

    internal static UserDto ToDto(User user) => new()
    {
        Id = user.Id,
        Username = user.Name,
        IsAdmin = user.IsAdmin,
        IsServiceAccount = user.IsServiceAccount,
        CreationTime = user.CreationTime,
    };

    private static MemberDto ToDto(WorkspaceMembership membership) => new()
    {
        Workspace = membership.WorkspaceId,
        Username = membership.User,
        Role = WorkspaceRoleNames.ToName(membership.Role),
    };

    private static TokenDto ToDto(ApiTokenInfo token, long now) => new()
    {
        Name = token.Name,
        User = token.User,
        Prefix = token.DisplayPrefix,
        Scopes = [.. token.Scopes],
        Workspace = token.DefaultWorkspace,
        CreationTime = token.CreationTime,
        ExpiryTime = token.ExpiryTime,
        LastUsedTime = token.LastUsedTime,
        RevokedTime = token.RevokedTime,
        Active = token.IsActiveAt(now),
    };

    private static PermissionDto ToDto(ResourceGrant grant) => new()
    {
        Workspace = grant.WorkspaceId,
        ExperimentId = grant.Kind == GrantedResource.Experiment ? grant.ResourceId : null,
        RegisteredModel = grant.Kind == GrantedResource.RegisteredModel ? grant.ResourceId : null,
        Username = grant.User,
        Permission = AccessLevels.ToName(grant.Level),
    };

    private static AuditEventDto ToDto(AuditEvent entry) => new()
    {
        Id = entry.Id,
        Time = entry.Time,
        Actor = entry.Actor,
        Workspace = entry.WorkspaceId,
        Action = entry.Action,
        Resource = entry.Resource,
        Outcome = entry.Outcome,
        ClientAddress = entry.ClientAddress,
        Details = entry.Details,
    };
}
