using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Slipway.Core.Artifacts;
using Slipway.Core.Security;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;
using Slipway.Server.Hosting;
using Slipway.Server.Mlflow;
using Slipway.Server.Mlflow.Contracts;
using Slipway.Server.Security;

namespace Slipway.Server.Artifacts;

/// <summary>
/// MLflow's proxied artifact API (<c>/api/2.0/mlflow-artifacts/artifacts/...</c>) and the run-scoped
/// listing (<c>/api/2.0/mlflow/artifacts/list</c>). Clients upload and download through the server, so
/// they need no credentials for the storage behind it.
/// </summary>
public static class ArtifactsApi
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapProxiedArtifacts(this IEndpointRouteBuilder group)
    {
        group.MapGet("/artifacts", ListProxied)
            .Reads(ResourceTarget.ArtifactPath);
        group.MapGet("/artifacts/{**path}", Download)
            .Reads(ResourceTarget.ArtifactPath);
        group.MapPut("/artifacts/{**path}", Upload)
            .LogsRunData(ResourceTarget.ArtifactPath);
        group.MapDelete("/artifacts/{**path}", Delete)
            .Changes(Access.Edit, ResourceTarget.ArtifactPath, "artifact.delete");
        return group;
    }

    public static IEndpointRouteBuilder MapMlflowArtifactListing(this IEndpointRouteBuilder group)
    {
        group.MapMethods("/artifacts/list", Methods.Read, ListRunArtifacts)
            .Reads(ResourceTarget.Run);
        return group;
    }

    private static async Task ListProxied(HttpContext context, IArtifactStore artifacts)
    {
        var path = ArtifactPath.Normalize(context.Request.Query["path"].ToString());
        var entries = await artifacts.ListAsync(path, context.RequestAborted);
        var files = entries.Select(e => new FileInfoDto
        {
            Path = e.Path[(e.Path.LastIndexOf('/') + 1)..],
            IsDir = e.IsDirectory,
            FileSize = e.IsDirectory ? null : e.FileSize,
        }).ToList();
        await MlflowResponses.WriteAsync(context, new ListProxiedArtifactsResponse { Files = files.Count == 0 ? null : files }, MlflowJsonContext.Wire.ListProxiedArtifactsResponse);
    }

    private static async Task Download(HttpContext context, IArtifactStore artifacts, string path)
    {
        var normalized = ArtifactPath.Normalize(path);
        await using var stream = await artifacts.OpenReadAsync(normalized, context.RequestAborted);
        if (stream is null)
        {
            await MlflowResponses.WriteErrorAsync(context, Core.Errors.ErrorCode.ResourceDoesNotExist, $"Artifact '{normalized}' does not exist.");
            return;
        }

        context.Response.ContentType = ContentTypes.TryGetContentType(normalized, out var type) ? type : "application/octet-stream";
        if (stream.CanSeek)
        {
            context.Response.ContentLength = stream.Length;
        }

        await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static async Task Upload(HttpContext context, IArtifactStore artifacts, ServerOptions options, string path)
    {
        var normalized = ArtifactPath.Normalize(path);
        if (normalized.Length == 0)
        {
            throw Core.Errors.SlipwayException.Invalid("An artifact upload needs a file path after /artifacts/.");
        }

        var sizeLimit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeLimit is { IsReadOnly: false })
        {
            sizeLimit.MaxRequestBodySize = options.MaxArtifactUploadBytes;
        }

        await artifacts.WriteAsync(normalized, context.Request.Body, context.RequestAborted);
        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task Delete(HttpContext context, IArtifactStore artifacts, string path)
    {
        var normalized = ArtifactPath.Normalize(path);
        if (!await artifacts.DeleteAsync(normalized, context.RequestAborted))
        {
            await MlflowResponses.WriteErrorAsync(context, Core.Errors.ErrorCode.ResourceDoesNotExist, $"Artifact '{normalized}' does not exist.");
            return;
        }

        await MlflowResponses.WriteEmptyAsync(context);
    }

    private static async Task ListRunArtifacts(HttpContext context, TrackingService tracking, IArtifactStore artifacts)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, MlflowJsonContext.Wire.ListArtifactsRequest);
        var run = await tracking.GetRunAsync(RequestWorkspace.Of(context), request.RunId ?? request.RunUuid, context.RequestAborted);
        var root = ArtifactLocations.ToStorePath(run.Info.ArtifactUri);
        var relative = ArtifactPath.Normalize(request.Path);
        var entries = await artifacts.ListAsync(relative.Length == 0 ? root : $"{root}/{relative}", context.RequestAborted);
        var files = entries.Select(e => new FileInfoDto
        {
            Path = e.Path.Length > root.Length ? e.Path[(root.Length + 1)..] : e.Path,
            IsDir = e.IsDirectory,
            FileSize = e.IsDirectory ? null : e.FileSize,
        }).ToList();
        var response = new ListArtifactsResponse { RootUri = run.Info.ArtifactUri, Files = files.Count == 0 ? null : files };
        await MlflowResponses.WriteAsync(context, response, MlflowJsonContext.Wire.ListArtifactsResponse);
    }
}
