using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Slipway.Core.Security;
using Slipway.Core.Serving;
using Slipway.Server.Data;
using Slipway.Server.Hosting;
using Slipway.Server.Mlflow;
using Slipway.Server.Mlflow.Contracts;
using Slipway.Server.Native;
using Slipway.Server.Security;
using Slipway.Serving.Deployments;

namespace Slipway.Server.Serving;

/// <summary>
/// Deployments under <c>/api/v1/deployments</c>: named model endpoints of a workspace. Every change is stored as a new
/// revision and applied at once (the call answers after the new versions are loaded, or with why they could not
/// be); rollback restores an earlier revision's configuration as a new one.
/// </summary>
public static class DeploymentsApi
{
    private static NativeJsonContext Json => NativeJsonContext.Default;

    public static IEndpointRouteBuilder MapDeploymentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/deployments").WithTags("Deployments");
        api.MapPost(string.Empty, Create).WithName("CreateDeployment")
            .WithSummary("Creates a deployment serving one or more registry model URIs (weights, shadow, sticky routing, batching, inference logging) and loads it.")
            .Produces<DeploymentDto>(StatusCodes.Status201Created).Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .WithMetadata(BodySizeLimit.Management).Changes(Access.Edit, ResourceTarget.None, "deployment.create");
        api.MapGet(string.Empty, List).WithName("ListDeployments").WithSummary("The workspace's deployments with what each serves.").Reads();
        api.MapGet("/{name}", Get).WithName("GetDeployment").WithSummary("A deployment, its configuration and what this server serves for it.")
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).Reads();
        api.MapPut("/{name}", Update).WithName("UpdateDeployment")
            .WithSummary("Replaces a deployment's configuration as a new revision; the new versions load and warm up before traffic moves to them.")
            .Produces<DeploymentDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .WithMetadata(BodySizeLimit.Management).Changes(Access.Edit, ResourceTarget.None, "deployment.update");
        api.MapPost("/{name}/rollback", Rollback).WithName("RollbackDeployment")
            .WithSummary("Restores the configuration of the previous revision (or the one named) as a new revision.")
            .Produces<DeploymentDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .WithMetadata(BodySizeLimit.Management).Changes(Access.Edit, ResourceTarget.None, "deployment.rollback");
        api.MapGet("/{name}/revisions", Revisions).WithName("ListDeploymentRevisions")
            .WithSummary("Every configuration the deployment has had, newest first.")
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).Reads();
        api.MapDelete("/{name}", Delete).WithName("DeleteDeployment")
            .WithSummary("Removes a deployment and unloads its models; its revisions go with it.")
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).Changes(Access.Manage, ResourceTarget.None, "deployment.delete");
        return app;
    }

    private static async Task<Created<DeploymentDto>> Create(DeploymentService deployments, DeploymentPlanner planner, ServingHost host, ServingEngine engine, HttpContext context)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.DeploymentRequest);
        var workspace = RequestWorkspace.Of(context);
        var name = request.Name ?? throw Core.Errors.SlipwayException.Invalid("name is missing: give the deployment a name such as 'churn'.");
        DeploymentNames.Validate(name);
        var spec = DeploymentMapper.ToSpec(request);
        DeploymentSpecRules.Validate(spec);
        // Resolve before storing, so a URI that names nothing is refused rather than stored as a deployment that cannot load.
        var created = new Deployment(name, request.Description, 1, spec, 0, 0, null, null);
        await planner.PlanAsync(workspace, created, context.RequestAborted);
        var deployment = await deployments.CreateAsync(workspace, name, request.Description, spec, Caller(context), context.RequestAborted);
        await host.SyncNowAsync(context.RequestAborted);
        return TypedResults.Created($"/api/v1/deployments/{deployment.Name}", DeploymentMapper.ToDto(deployment, engine.Find(workspace, deployment.Name)));
    }

    private static async Task<Ok<DeploymentsResponse>> List(DeploymentService deployments, ServingEngine engine, HttpContext context)
    {
        var workspace = RequestWorkspace.Of(context);
        var all = await deployments.ListAsync(workspace, context.RequestAborted);
        return TypedResults.Ok(new DeploymentsResponse { Deployments = [.. all.Select(d => DeploymentMapper.ToDto(d, engine.Find(workspace, d.Name)))] });
    }

    private static async Task<Ok<DeploymentDto>> Get(string name, DeploymentService deployments, ServingEngine engine, HttpContext context)
    {
        var workspace = RequestWorkspace.Of(context);
        var deployment = await deployments.GetAsync(workspace, name, context.RequestAborted);
        return TypedResults.Ok(DeploymentMapper.ToDto(deployment, engine.Find(workspace, name)));
    }

    private static async Task<Ok<DeploymentDto>> Update(string name, DeploymentService deployments, DeploymentPlanner planner, ServingHost host, ServingEngine engine, HttpContext context)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.DeploymentRequest);
        var workspace = RequestWorkspace.Of(context);
        var spec = DeploymentMapper.ToSpec(request);
        DeploymentSpecRules.Validate(spec);
        var current = await deployments.GetAsync(workspace, name, context.RequestAborted);
        await planner.PlanAsync(workspace, current with { Spec = spec }, context.RequestAborted);
        var deployment = await deployments.UpdateAsync(workspace, name, spec, request.Description ?? current.Description, Caller(context), request.ExpectedRevision, context.RequestAborted);
        await host.SyncNowAsync(context.RequestAborted);
        return TypedResults.Ok(DeploymentMapper.ToDto(deployment, engine.Find(workspace, name)));
    }

    private static async Task<Ok<DeploymentDto>> Rollback(string name, DeploymentService deployments, ServingHost host, ServingEngine engine, HttpContext context)
    {
        var request = context.Request.ContentLength is null or 0 && context.Request.Headers.ContentType.Count == 0
            ? new RollbackRequest()
            : await MlflowRequestReader.ReadAsync(context.Request, Json.RollbackRequest);
        var workspace = RequestWorkspace.Of(context);
        var deployment = await deployments.RollbackAsync(workspace, name, request.Revision, Caller(context), context.RequestAborted);
        await host.SyncNowAsync(context.RequestAborted);
        return TypedResults.Ok(DeploymentMapper.ToDto(deployment, engine.Find(workspace, name)));
    }

    private static async Task<Ok<DeploymentRevisionsResponse>> Revisions(string name, DeploymentService deployments, HttpContext context)
    {
        var revisions = await deployments.ListRevisionsAsync(RequestWorkspace.Of(context), name, context.RequestAborted);
        return TypedResults.Ok(new DeploymentRevisionsResponse { Revisions = [.. revisions.Select(DeploymentMapper.ToDto)] });
    }

    private static async Task<Ok<EmptyDataResponse>> Delete(string name, DeploymentService deployments, ServingHost host, HttpContext context)
    {
        await deployments.DeleteAsync(RequestWorkspace.Of(context), name, context.RequestAborted);
        await host.SyncNowAsync(context.RequestAborted);
        return TypedResults.Ok(new EmptyDataResponse());
    }

    private static string? Caller(HttpContext context) => RequestAccess.Of(context)?.Caller.Name;
}
