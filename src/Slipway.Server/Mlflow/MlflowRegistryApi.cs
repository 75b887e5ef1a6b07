using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Slipway.Core.Registry;
using Slipway.Core.Security;
using Slipway.Core.Tracking;
using Slipway.Server.Hosting;
using Slipway.Server.Mlflow.Contracts;
using Slipway.Server.Security;

namespace Slipway.Server.Mlflow;

/// <summary>MLflow's model registry endpoints (registered models, versions, stages, aliases).</summary>
public static class MlflowRegistryApi
{
    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    public static IEndpointRouteBuilder MapMlflowRegistry(this IEndpointRouteBuilder group)
    {
        group.MapPost("/registered-models/create", CreateRegisteredModel)
            .Changes(Access.Edit, ResourceTarget.None, "registered-model.create");
        group.MapMethods("/registered-models/get", Methods.Read, GetRegisteredModel)
            .Reads(ResourceTarget.RegisteredModel);
        group.MapPost("/registered-models/rename", RenameRegisteredModel)
            .Changes(Access.Edit, ResourceTarget.RegisteredModel, "registered-model.rename");
        group.MapMethods("/registered-models/update", ["PATCH", "POST"], UpdateRegisteredModel)
            .Changes(Access.Edit, ResourceTarget.RegisteredModel, "registered-model.update");
        group.MapMethods("/registered-models/delete", ["DELETE", "POST"], DeleteRegisteredModel)
            .Changes(Access.Manage, ResourceTarget.RegisteredModel, "registered-model.delete");
        group.MapMethods("/registered-models/search", Methods.Read, SearchRegisteredModels)
            .Reads();
        group.MapMethods("/registered-models/get-latest-versions", Methods.Read, GetLatestVersions)
            .Reads(ResourceTarget.RegisteredModel);
        group.MapPost("/registered-models/set-tag", SetRegisteredModelTag)
            .Changes(Access.Edit, ResourceTarget.RegisteredModel, "registered-model.set-tag");
        group.MapMethods("/registered-models/delete-tag", ["DELETE", "POST"], DeleteRegisteredModelTag)
            .Changes(Access.Edit, ResourceTarget.RegisteredModel, "registered-model.delete-tag");
        group.MapPost("/registered-models/alias", SetAlias)
            .Changes(Access.Manage, ResourceTarget.RegisteredModel, "registered-model.set-alias");
        group.MapDelete("/registered-models/alias", DeleteAlias)
            .Changes(Access.Manage, ResourceTarget.RegisteredModel, "registered-model.delete-alias");
        group.MapGet("/registered-models/alias", GetModelVersionByAlias)
            .Reads(ResourceTarget.RegisteredModel);

        group.MapPost("/model-versions/create", CreateModelVersion)
            .Changes(Access.Edit, ResourceTarget.RegisteredModel, "model-version.create");
        group.MapMethods("/model-versions/get", Methods.Read, GetModelVersion)
            .Reads(ResourceTarget.RegisteredModel);
        group.MapMethods("/model-versions/update", ["PATCH", "POST"], UpdateModelVersion)
            .Changes(Access.Edit, ResourceTarget.RegisteredModel, "model-version.update");
        group.MapMethods("/model-versions/delete", ["DELETE", "POST"], DeleteModelVersion)
            .Changes(Access.Manage, ResourceTarget.RegisteredModel, "model-version.delete");
        group.MapMethods("/model-versions/search", Methods.Read, SearchModelVersions)
            .Reads();
        group.MapPost("/model-versions/transition-stage", TransitionStage)
            .Changes(Access.Manage, ResourceTarget.RegisteredModel, "model-version.transition-stage");
        group.MapMethods("/model-versions/get-download-uri", Methods.Read, GetDownloadUri)
            .Reads(ResourceTarget.RegisteredModel);
        group.MapPost("/model-versions/set-tag", SetModelVersionTag)
            .Changes(Access.Edit, ResourceTarget.RegisteredModel, "model-version.set-tag");
        group.MapMethods("/model-versions/delete-tag", ["DELETE", "POST"], DeleteModelVersionTag)
            .Changes(Access.Edit, ResourceTarget.RegisteredModel, "model-version.delete-tag");
        return group;
    }

    private static Task WriteModelAsync(HttpContext context, RegisteredModel model) =>
        MlflowResponses.WriteAsync(context, new RegisteredModelResponse { RegisteredModel = MlflowMapper.ToDto(model) }, Json.RegisteredModelResponse);

    private static Task WriteVersionAsync(HttpContext context, ModelVersion version) =>
        MlflowResponses.WriteAsync(context, new ModelVersionResponse { ModelVersion = MlflowMapper.ToDto(version) }, Json.ModelVersionResponse);

    private static async Task CreateRegisteredModel(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.CreateRegisteredModelRequest);
        var model = await registry.CreateRegisteredModelAsync(
            RequestWorkspace.Of(context), request.Name, request.Description, null, MlflowMapper.ToTags(request.Tags, "tags"), context.RequestAborted);
        await WriteModelAsync(context, model);
    }

    private static async Task GetRegisteredModel(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.RegisteredModelNameRequest);
        await WriteModelAsync(context, await registry.GetRegisteredModelAsync(RequestWorkspace.Of(context), request.Name, context.RequestAborted));
    }

    private static async Task RenameRegisteredModel(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.RenameRegisteredModelRequest);
        await WriteModelAsync(context, await registry.RenameRegisteredModelAsync(RequestWorkspace.Of(context), request.Name, request.NewName, context.RequestAborted));
    }

    private static async Task UpdateRegisteredModel(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.UpdateRegisteredModelRequest);
        await WriteModelAsync(context, await registry.UpdateRegisteredModelAsync(RequestWorkspace.Of(context), request.Name, request.Description, context.RequestAborted));
    }

    private static async Task DeleteRegisteredModel(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.RegisteredModelNameRequest);
        await registry.DeleteRegisteredModelAsync(RequestWorkspace.Of(context), request.Name, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task SearchRegisteredModels(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.SearchRegistryRequest);
        var page = await registry.SearchRegisteredModelsAsync(
            RequestWorkspace.Of(context), request.Filter, request.OrderBy, request.MaxResults, request.PageToken, context.RequestAborted);
        var response = new SearchRegisteredModelsResponse
        {
            RegisteredModels = page.Items.Count == 0
                ? null
                : page.Items.Where(m => RequestAccess.CanSee(context, GrantedResource.RegisteredModel, m.Name)).Select(MlflowMapper.ToDto).ToList(),
            NextPageToken = page.NextPageToken,
        };
        await MlflowResponses.WriteAsync(context, response, Json.SearchRegisteredModelsResponse);
    }

    private static async Task GetLatestVersions(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.GetLatestVersionsRequest);
        var versions = await registry.GetLatestVersionsAsync(RequestWorkspace.Of(context), request.Name, request.Stages ?? [], context.RequestAborted);
        var response = new ModelVersionsResponse { ModelVersions = versions.Count == 0 ? null : versions.Select(MlflowMapper.ToDto).ToList() };
        await MlflowResponses.WriteAsync(context, response, Json.ModelVersionsResponse);
    }

    private static async Task SetRegisteredModelTag(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.RegistryTagRequest);
        await registry.SetRegisteredModelTagAsync(RequestWorkspace.Of(context), request.Name, ToTag(request), context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task DeleteRegisteredModelTag(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.RegistryTagRequest);
        await registry.DeleteRegisteredModelTagAsync(RequestWorkspace.Of(context), request.Name, request.Key, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task SetAlias(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.AliasRequest);
        await registry.SetAliasAsync(RequestWorkspace.Of(context), request.Name, request.Alias, request.Version, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task DeleteAlias(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.AliasRequest);
        await registry.DeleteAliasAsync(RequestWorkspace.Of(context), request.Name, request.Alias, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task GetModelVersionByAlias(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.AliasRequest);
        await WriteVersionAsync(context, await registry.GetModelVersionByAliasAsync(RequestWorkspace.Of(context), request.Name, request.Alias, context.RequestAborted));
    }

    private static async Task CreateModelVersion(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.CreateModelVersionRequest);
        var version = await registry.CreateModelVersionAsync(
            RequestWorkspace.Of(context),
            new NewModelVersion(
                request.Name ?? string.Empty,
                request.Source ?? string.Empty,
                string.IsNullOrEmpty(request.RunId) ? null : request.RunId,
                request.RunLink,
                request.Description,
                null,
                MlflowMapper.ToTags(request.Tags, "tags")),
            context.RequestAborted);
        await WriteVersionAsync(context, version);
    }

    private static async Task GetModelVersion(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.ModelVersionRequest);
        await WriteVersionAsync(context, await registry.GetModelVersionAsync(RequestWorkspace.Of(context), request.Name, request.Version, context.RequestAborted));
    }

    private static async Task UpdateModelVersion(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.ModelVersionRequest);
        await WriteVersionAsync(context, await registry.UpdateModelVersionAsync(RequestWorkspace.Of(context), request.Name, request.Version, request.Description, context.RequestAborted));
    }

    private static async Task DeleteModelVersion(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.ModelVersionRequest);
        await registry.DeleteModelVersionAsync(RequestWorkspace.Of(context), request.Name, request.Version, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task SearchModelVersions(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.SearchRegistryRequest);
        var page = await registry.SearchModelVersionsAsync(
            RequestWorkspace.Of(context), request.Filter, request.OrderBy, request.MaxResults, request.PageToken, context.RequestAborted);
        var response = new ModelVersionsResponse
        {
            ModelVersions = page.Items.Count == 0
                ? null
                : page.Items.Where(v => RequestAccess.CanSee(context, GrantedResource.RegisteredModel, v.Name)).Select(MlflowMapper.ToDto).ToList(),
            NextPageToken = page.NextPageToken,
        };
        await MlflowResponses.WriteAsync(context, response, Json.ModelVersionsResponse);
    }

    private static async Task TransitionStage(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.TransitionStageRequest);
        var version = await registry.TransitionStageAsync(
            RequestWorkspace.Of(context), request.Name, request.Version, request.Stage, request.ArchiveExistingVersions ?? false, context.RequestAborted);
        await WriteVersionAsync(context, version);
    }

    private static async Task GetDownloadUri(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.ModelVersionRequest);
        var uri = await registry.GetDownloadUriAsync(RequestWorkspace.Of(context), request.Name, request.Version, context.RequestAborted);
        await MlflowResponses.WriteAsync(context, new DownloadUriResponse { ArtifactUri = uri }, Json.DownloadUriResponse);
    }

    private static async Task SetModelVersionTag(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.RegistryTagRequest);
        await registry.SetModelVersionTagAsync(RequestWorkspace.Of(context), request.Name, request.Version, ToTag(request), context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task DeleteModelVersionTag(HttpContext context, ModelRegistryService registry)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.RegistryTagRequest);
        await registry.DeleteModelVersionTagAsync(RequestWorkspace.Of(context), request.Name, request.Version, request.Key, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static Tag ToTag(RegistryTagRequest request) =>
        new(request.Key ?? throw MlflowMapper.Missing("key"), request.Value ?? throw MlflowMapper.Missing("value"));
}
