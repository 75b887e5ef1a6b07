using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Slipway.Core.Errors;
using Slipway.Core.Security;
using Slipway.Core.Stores;
using Slipway.Server.Hosting;
using Slipway.Server.Mlflow.Contracts;
using Slipway.Server.Security;

namespace Slipway.Server.Mlflow;

/// <summary>
/// MLflow's basic-auth management endpoints (users, experiment and registered-model permissions), so
/// <c>mlflow.server.get_app_client("basic-auth", ...)</c> works against Slipway. Permissions apply in the
/// request's workspace.
/// </summary>
public static class MlflowAuthApi
{
    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    public static IEndpointRouteBuilder MapMlflowAuth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithMetadata(BodySizeLimit.Management);
        group.MapPost("/users/create", CreateUser).Changes(Access.Admin, ResourceTarget.None, "user.create");
        group.MapGet("/users/get", GetUser).Reads(ResourceTarget.User, Access.Authenticated);
        group.MapPatch("/users/update-password", UpdatePassword).Changes(Access.Authenticated, ResourceTarget.User, "user.update-password");
        group.MapPatch("/users/update-admin", UpdateAdmin).Changes(Access.Admin, ResourceTarget.None, "user.update-admin");
        group.MapDelete("/users/delete", DeleteUser).Changes(Access.Admin, ResourceTarget.None, "user.delete");

        group.MapPost("/experiments/permissions/create", SetExperimentPermission).Changes(Access.Manage, ResourceTarget.Experiment, "permission.set");
        group.MapGet("/experiments/permissions/get", GetExperimentPermission).Reads(ResourceTarget.Experiment, Access.Manage);
        group.MapPatch("/experiments/permissions/update", SetExperimentPermission).Changes(Access.Manage, ResourceTarget.Experiment, "permission.set");
        group.MapDelete("/experiments/permissions/delete", DeleteExperimentPermission).Changes(Access.Manage, ResourceTarget.Experiment, "permission.delete");

        group.MapPost("/registered-models/permissions/create", SetModelPermission).Changes(Access.Manage, ResourceTarget.RegisteredModel, "permission.set");
        group.MapGet("/registered-models/permissions/get", GetModelPermission).Reads(ResourceTarget.RegisteredModel, Access.Manage);
        group.MapPatch("/registered-models/permissions/update", SetModelPermission).Changes(Access.Manage, ResourceTarget.RegisteredModel, "permission.set");
        group.MapDelete("/registered-models/permissions/delete", DeleteModelPermission).Changes(Access.Manage, ResourceTarget.RegisteredModel, "permission.delete");
        return routes;
    }

    private static async Task CreateUser(HttpContext context, IIdentityStore store, IdentityCache cache, SecurityState state)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.MlflowUserRequest);
        var user = await UserAccounts.CreateAsync(store, cache, state, request.Username, request.Password, false, false, context.RequestAborted);
        await WriteUserAsync(context, store, user);
    }

    private static async Task GetUser(HttpContext context, IIdentityStore store)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.MlflowUserRequest);
        var user = await store.GetUserAsync(Required(request.Username, "username"), context.RequestAborted);
        await WriteUserAsync(context, store, user);
    }

    private static async Task UpdatePassword(HttpContext context, IIdentityStore store, IdentityCache cache)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.MlflowUserRequest);
        await UserAccounts.SetPasswordAsync(store, cache, Required(request.Username, "username"), request.Password, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task UpdateAdmin(HttpContext context, IIdentityStore store, IdentityCache cache)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.MlflowUserRequest);
        await UserAccounts.SetAdminAsync(store, cache, Required(request.Username, "username"), request.IsAdmin, "is_admin", context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task DeleteUser(HttpContext context, IIdentityStore store, IdentityCache cache)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.MlflowUserRequest);
        await UserAccounts.DeleteAsync(store, cache, Required(request.Username, "username"), context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task SetExperimentPermission(HttpContext context, IIdentityStore store, IdentityCache cache)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.MlflowPermissionRequest);
        var experimentId = Required(request.ExperimentId, "experiment_id");
        var (user, level) = await SetGrantAsync(context, store, cache, GrantedResource.Experiment, experimentId, request);
        await WriteExperimentPermissionAsync(context, experimentId, user, level);
    }

    private static async Task GetExperimentPermission(HttpContext context, IIdentityStore store)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.MlflowPermissionRequest);
        var experimentId = Required(request.ExperimentId, "experiment_id");
        var (user, level) = await GetGrantAsync(context, store, GrantedResource.Experiment, experimentId, request.Username, "Experiment permission with experiment_id");
        await WriteExperimentPermissionAsync(context, experimentId, user, level);
    }

    private static async Task DeleteExperimentPermission(HttpContext context, IIdentityStore store, IdentityCache cache)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.MlflowPermissionRequest);
        await DeleteGrantAsync(context, store, cache, GrantedResource.Experiment, Required(request.ExperimentId, "experiment_id"), request.Username);
    }

    private static async Task SetModelPermission(HttpContext context, IIdentityStore store, IdentityCache cache)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.MlflowPermissionRequest);
        var name = Required(request.Name, "name");
        var (user, level) = await SetGrantAsync(context, store, cache, GrantedResource.RegisteredModel, name, request);
        await WriteModelPermissionAsync(context, name, user, level);
    }

    private static async Task GetModelPermission(HttpContext context, IIdentityStore store)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.MlflowPermissionRequest);
        var name = Required(request.Name, "name");
        var (user, level) = await GetGrantAsync(context, store, GrantedResource.RegisteredModel, name, request.Username, "Registered model permission with name");
        await WriteModelPermissionAsync(context, name, user, level);
    }

    private static async Task DeleteModelPermission(HttpContext context, IIdentityStore store, IdentityCache cache)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.MlflowPermissionRequest);
        await DeleteGrantAsync(context, store, cache, GrantedResource.RegisteredModel, Required(request.Name, "name"), request.Username);
    }

    private static async Task<(User User, AccessLevel Level)> SetGrantAsync(
        HttpContext context, IIdentityStore store, IdentityCache cache, GrantedResource kind, string resourceId, MlflowPermissionRequest request)
    {
        var user = await store.GetUserAsync(Required(request.Username, "username"), context.RequestAborted);
        var level = ResourcePermissions.ParseLevel(request.Permission);
        await store.SetResourceGrantAsync(new ResourceGrant(RequestWorkspace.Of(context), kind, resourceId, user.Name, level), context.RequestAborted);
        cache.Invalidate();
        return (user, level);
    }

    private static async Task<(User User, AccessLevel Level)> GetGrantAsync(
        HttpContext context, IIdentityStore store, GrantedResource kind, string resourceId, string? username, string notFound)
    {
        var user = await store.GetUserAsync(Required(username, "username"), context.RequestAborted);
        var grant = await store.GetResourceGrantAsync(RequestWorkspace.Of(context), kind, resourceId, user.Name, context.RequestAborted)
            ?? throw SlipwayException.NotFound($"{notFound}={resourceId} and username={user.Name} not found");
        return (user, grant.Level);
    }

    private static async Task DeleteGrantAsync(HttpContext context, IIdentityStore store, IdentityCache cache, GrantedResource kind, string resourceId, string? username)
    {
        await store.DeleteResourceGrantAsync(RequestWorkspace.Of(context), kind, resourceId, Required(username, "username"), context.RequestAborted);
        cache.Invalidate();
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static Task WriteExperimentPermissionAsync(HttpContext context, string experimentId, User user, AccessLevel level) =>
        MlflowResponses.WriteAsync(
            context,
            new MlflowExperimentPermissionResponse { ExperimentPermission = new() { ExperimentId = experimentId, UserId = user.Id, Permission = AccessLevels.ToName(level) } },
            Json.MlflowExperimentPermissionResponse);

    private static Task WriteModelPermissionAsync(HttpContext context, string name, User user, AccessLevel level) =>
        MlflowResponses.WriteAsync(
            context,
            new MlflowRegisteredModelPermissionResponse { RegisteredModelPermission = new() { Name = name, UserId = user.Id, Permission = AccessLevels.ToName(level) } },
            Json.MlflowRegisteredModelPermissionResponse);

    private static async Task WriteUserAsync(HttpContext context, IIdentityStore store, User user)
    {
        var grants = await store.ListResourceGrantsAsync(user.Name, context.RequestAborted);
        var workspace = RequestWorkspace.Of(context);
        var dto = new MlflowUserDto
        {
            Id = user.Id,
            Username = user.Name,
            IsAdmin = user.IsAdmin,
            ExperimentPermissions = [.. grants.Where(g => g.Kind == GrantedResource.Experiment && g.WorkspaceId == workspace)
                .Select(g => new MlflowExperimentPermissionDto { ExperimentId = g.ResourceId, UserId = user.Id, Permission = AccessLevels.ToName(g.Level) })],
            RegisteredModelPermissions = [.. grants.Where(g => g.Kind == GrantedResource.RegisteredModel && g.WorkspaceId == workspace)
                .Select(g => new MlflowRegisteredModelPermissionDto { Name = g.ResourceId, UserId = user.Id, Permission = AccessLevels.ToName(g.Level) })],
        };
        await MlflowResponses.WriteAsync(context, new MlflowUserResponse { User = dto }, Json.MlflowUserResponse);
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrEmpty(value) ? throw SlipwayException.Invalid($"Missing value for parameter '{field}'.") : value;
}
