using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Slipway.Core.Data;
using Slipway.Core.Errors;
using Slipway.Core.Lineage;
using Slipway.Core.Security;
using Slipway.Core.Stores;
using Slipway.Data.Datasets;
using Slipway.Data.Images;
using Slipway.Data.Validation;
using Slipway.Server.Hosting;
using Slipway.Server.Mlflow;
using Slipway.Server.Mlflow.Contracts;
using Slipway.Server.Native;
using Slipway.Server.Security;

namespace Slipway.Server.Data;

/// <summary>
/// Versioned datasets under <c>/api/v1/datasets</c> (ADR 0009): listing, versions and their profiles, manifests and
/// files, the push protocol's plan and commit, tags, deletion, diff and lineage. Blob transfer is <see cref="BlobsApi"/>.
/// </summary>
public static class DatasetsApi
{
    /// <summary>A manifest of a million files is about 150 MB of JSON; nothing else sent here comes near it.</summary>
    public static readonly BodySizeLimit ManifestLimit = new(256L * 1024 * 1024);

    /// <summary>A suite is a short text file; a megabyte is far beyond any real one.</summary>
    public static readonly BodySizeLimit SuiteLimit = new(1024 * 1024);

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static NativeJsonContext Json => NativeJsonContext.Default;

    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Datasets");
        api.MapGet("/datasets", ListDatasets).WithName("ListDatasets").WithSummary("The workspace's datasets with their latest versions.").Reads();
        api.MapGet("/datasets/{name}/versions", ListVersions).WithName("ListDatasetVersions").WithSummary("A dataset's versions, newest first (without profiles).").Reads()
            .Produces<ErrorDto>(StatusCodes.Status404NotFound);
        api.MapGet("/datasets/{name}/versions/{reference}", GetVersion).WithName("GetDatasetVersion")
            .WithSummary("One version (by number or tag) with its profile: schema, row counts and column statistics of its tables, and its images.").Reads()
            .Produces<ErrorDto>(StatusCodes.Status404NotFound);
        api.MapGet("/datasets/{name}/versions/{reference}/files", ListFiles).WithName("ListDatasetFiles").WithSummary("A version's manifest: path, size, hash and media type of each file.").Reads()
            .Produces<ErrorDto>(StatusCodes.Status404NotFound);
        api.MapGet("/datasets/{name}/versions/{reference}/files/{**path}", DownloadFile).WithName("DownloadDatasetFile").WithSummary("One file of a version.").Reads()
            .Produces<ErrorDto>(StatusCodes.Status404NotFound);
        api.MapPost("/datasets/{name}/plan", PlanPush).WithName("PlanDatasetPush")
            .WithSummary("Step 1 of a push: checks the manifest and answers which file contents the server lacks.")
            .Produces<PlanPushResponse>()
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .WithMetadata(ManifestLimit)
            .UploadsData();
        api.MapPost("/datasets/{name}/versions", Commit).WithName("CommitDatasetVersion")
            .WithSummary("Step 3 of a push: commits the next version once every file content is stored (201), or answers the latest version when nothing changed (200).")
            .Produces<DatasetVersionDto>(StatusCodes.Status201Created)
            .Produces<DatasetVersionDto>()
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .WithMetadata(ManifestLimit)
            .Changes(Access.Edit, ResourceTarget.None, "dataset.commit");
        api.MapPut("/datasets/{name}/tags/{tag}", SetTag).WithName("SetDatasetTag").WithSummary("Points a tag at a version, moving it if it pointed elsewhere.")
            .WithMetadata(BodySizeLimit.Management)
            .Changes(Access.Edit, ResourceTarget.None, "dataset.tag");
        api.MapDelete("/datasets/{name}/tags/{tag}", DeleteTag).WithName("DeleteDatasetTag").WithSummary("Removes a tag (not latest).")
            .Changes(Access.Edit, ResourceTarget.None, "dataset.untag");
        api.MapDelete("/datasets/{name}/versions/{version}", DeleteVersion).WithName("DeleteDatasetVersion")
            .WithSummary("Removes a version's manifest (maintainers); its file contents are reclaimed by the blob sweep once nothing names them.")
            .Changes(Access.Manage, ResourceTarget.None, "dataset.delete-version");
        api.MapGet("/dataset-diff", Diff).WithName("DiffDatasetVersions")
            .WithSummary("Files added, removed and changed between two versions, and the row-count and schema changes of their tables.").Reads()
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound);
        api.MapGet("/datasets/{name}/versions/{reference}/lineage", GetLineage).WithName("GetDatasetVersionLineage")
            .WithSummary("The runs that logged this version as an input, and the model versions registered from them.").Reads()
            .Produces<ErrorDto>(StatusCodes.Status404NotFound);
        api.MapPost("/datasets/{name}/versions/{reference}/validate", Validate).WithName("ValidateDatasetVersion")
            .WithSummary("Runs a validation suite (YAML or JSON text as the body) against a version: per expectation, passed or failed with the observed value; 'passed' is false when an error-severity expectation failed.")
            .Produces<ValidationReport>()
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .WithMetadata(SuiteLimit)
            .Reads();
        api.MapGet("/datasets/{name}/versions/{reference}/thumbnails/{**path}", GetThumbnail).WithName("GetDatasetThumbnail")
            .WithSummary("A small preview of one image of a version (JPEG, or PNG where it has transparency); size is its longest side, 256 by default.").Reads()
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<DatasetsResponse>> ListDatasets(IDatasetStore store, HttpContext context)
    {
        var datasets = await store.ListDatasetsAsync(RequestWorkspace.Of(context), context.RequestAborted);
        return TypedResults.Ok(new DatasetsResponse
        {
            Datasets = [.. datasets.Select(d => new DatasetSummaryDto { Name = d.Name, LatestVersion = d.LatestVersion, CreationTime = d.CreationTime, LastUpdatedTime = d.LastUpdatedTime })],
        });
    }

    private static async Task<Ok<DatasetVersionsResponse>> ListVersions(string name, IDatasetStore store, HttpContext context)
    {
        DatasetReference.ValidateName(name);
        var versions = await store.ListDatasetVersionsAsync(RequestWorkspace.Of(context), name, context.RequestAborted);
        return TypedResults.Ok(new DatasetVersionsResponse { Versions = [.. versions.Select(v => DataMapper.ToDto(v, withProfile: false))] });
    }

    private static async Task<Ok<DatasetVersionDto>> GetVersion(string name, string reference, DatasetService datasets, HttpContext context)
    {
        var version = await datasets.GetAsync(RequestWorkspace.Of(context), Reference(name, reference), context.RequestAborted);
        return TypedResults.Ok(DataMapper.ToDto(version, withProfile: true));
    }

    private static async Task<Ok<FilesResponse>> ListFiles(string name, string reference, DatasetService datasets, HttpContext context)
    {
        var files = await datasets.GetManifestAsync(RequestWorkspace.Of(context), Reference(name, reference), context.RequestAborted);
        return TypedResults.Ok(new FilesResponse { Files = [.. files.Select(DataMapper.ToDto)] });
    }

    private static async Task DownloadFile(string name, string reference, string path, DatasetService datasets, IBlobStore blobs, HttpContext context)
    {
        var workspace = RequestWorkspace.Of(context);
        var file = await datasets.GetFileAsync(workspace, Reference(name, reference), path, context.RequestAborted);
        await BlobsApi.WriteBlobAsync(context, blobs, workspace, file.Hash, file.MediaType);
    }

    private static async Task<IResult> GetThumbnail(string name, string reference, string path, int? size, DatasetService datasets, IBlobStore blobs, HttpContext context)
    {
        var workspace = RequestWorkspace.Of(context);
        var file = await datasets.GetFileAsync(workspace, Reference(name, reference), path, context.RequestAborted);
        if (ImageSummarizer.MediaTypeOf(file) is null)
        {
            throw SlipwayException.Invalid($"'{path}' is {file.MediaType}, not a PNG or JPEG image; thumbnails are made of images only.");
        }

        var maxSize = size ?? ThumbnailRenderer.DefaultMaxSize;
        // The content decides the thumbnail, so its hash and the size are a strong validator whatever the reference.
        var etag = string.Create(CultureInfo.InvariantCulture, $"\"{file.Hash}-{maxSize}\"");
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "private, max-age=3600";
        if (string.Equals(context.Request.Headers.IfNoneMatch, etag, StringComparison.Ordinal))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        await using var image = await blobs.OpenReadAsync(workspace, file.Hash, context.RequestAborted)
            ?? throw SlipwayException.NotFound($"The content of '{path}' ({file.Hash}) is not stored in this workspace.");
        var thumbnail = await ThumbnailRenderer.RenderAsync(image, maxSize, context.RequestAborted);
        return TypedResults.File(thumbnail, ThumbnailRenderer.MediaTypeOf(thumbnail));
    }

    private static async Task<Ok<ValidationReport>> Validate(string name, string reference, string? source, DatasetValidator validator, HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        string text;
        try
        {
            text = StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw SlipwayException.Invalid("The validation suite is not valid UTF-8 text.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw SlipwayException.Invalid("The request body must be a validation suite (YAML or JSON); it is empty.");
        }

        var report = await validator.ValidateAsync(RequestWorkspace.Of(context), Reference(name, reference), text, string.IsNullOrWhiteSpace(source) ? "suite" : source, context.RequestAborted);
        return TypedResults.Ok(report);
    }

    private static async Task<Ok<PlanPushResponse>> PlanPush(string name, DatasetService datasets, HttpContext context)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.PlanPushRequest);
        var missing = await datasets.PlanPushAsync(RequestWorkspace.Of(context), name, DataMapper.ToManifest(request.Files), context.RequestAborted);
        return TypedResults.Ok(new PlanPushResponse { Missing = [.. missing.Select(h => h.Hex!)] });
    }

    private static async Task<IResult> Commit(string name, DatasetService datasets, HttpContext context)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.CommitRequest);
        var version = new NewDatasetVersion(name, DataMapper.ToManifest(request.Files), RequestAccess.Of(context)?.Caller.Name, request.Message, request.ParentVersion);
        var result = await datasets.CommitAsync(RequestWorkspace.Of(context), version, request.Tags, context.RequestAborted);
        var body = DataMapper.ToDto(result.Version, withProfile: true, created: result.Created);
        return result.Created
            ? TypedResults.Created(string.Create(CultureInfo.InvariantCulture, $"/api/v1/datasets/{name}/versions/{result.Version.Version}"), body)
            : TypedResults.Ok(body);
    }

    private static async Task<Ok<DatasetVersionDto>> SetTag(string name, string tag, IDatasetStore store, HttpContext context)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.TagRequest);
        if (request.Version is not { } version)
        {
            throw SlipwayException.Invalid("Missing value for required parameter 'version'.");
        }

        DatasetReference.ValidateName(name);
        DatasetReference.ValidateTag(tag);
        var workspace = RequestWorkspace.Of(context);
        await store.SetDatasetTagAsync(workspace, name, tag, version, context.RequestAborted);
        return TypedResults.Ok(DataMapper.ToDto(await store.GetDatasetVersionAsync(workspace, name, version, context.RequestAborted), withProfile: false));
    }

    private static async Task<Ok<EmptyDataResponse>> DeleteTag(string name, string tag, IDatasetStore store, HttpContext context)
    {
        DatasetReference.ValidateName(name);
        await store.DeleteDatasetTagAsync(RequestWorkspace.Of(context), name, tag, context.RequestAborted);
        return TypedResults.Ok(new EmptyDataResponse());
    }

    private static async Task<Ok<EmptyDataResponse>> DeleteVersion(string name, string version, IDatasetStore store, HttpContext context)
    {
        var reference = Reference(name, version);
        if (reference.Version is not { } number)
        {
            throw SlipwayException.Invalid($"Delete a version by number, not by tag ('{version}'), so a moved tag never deletes the wrong one.");
        }

        await store.DeleteDatasetVersionAsync(RequestWorkspace.Of(context), name, number, context.RequestAborted);
        return TypedResults.Ok(new EmptyDataResponse());
    }

    private static async Task<Ok<DatasetDiffResponse>> Diff(string? from, string? to, DatasetDiffer differ, HttpContext context)
    {
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to))
        {
            throw SlipwayException.Invalid("Both 'from' and 'to' are required, such as from=data:churn@2&to=data:churn@3.");
        }

        var diff = await differ.DiffAsync(RequestWorkspace.Of(context), DatasetReference.Parse(from), DatasetReference.Parse(to), context.RequestAborted);
        return TypedResults.Ok(new DatasetDiffResponse
        {
            From = diff.From.ToString(),
            To = diff.To.ToString(),
            Added = [.. diff.Added.Select(DataMapper.ToDto)],
            Removed = [.. diff.Removed.Select(DataMapper.ToDto)],
            Changed = [.. diff.Changed.Select(c => new FileChangeDto { Path = c.Path, From = DataMapper.ToDto(c.From), To = DataMapper.ToDto(c.To) })],
            UnchangedCount = diff.UnchangedCount,
            Tables = diff.Tables,
        });
    }

    private static async Task<Ok<DatasetLineageResponse>> GetLineage(string name, string reference, DatasetService datasets, LineageService lineage, HttpContext context)
    {
        var workspace = RequestWorkspace.Of(context);
        var version = await datasets.ResolveAsync(workspace, Reference(name, reference), context.RequestAborted);
        var result = await lineage.GetDatasetVersionLineageAsync(workspace, new DatasetVersionId(name, version), context.RequestAborted);
        return TypedResults.Ok(new DatasetLineageResponse
        {
            Dataset = name,
            Version = version,
            Runs = [.. result.Runs.Where(r => RequestAccess.CanSee(context, GrantedResource.Experiment, r.ExperimentId)).Select(MlflowMapper.ToDto)],
            ModelVersions = [.. result.ModelVersions.Where(v => RequestAccess.CanSee(context, GrantedResource.RegisteredModel, v.Name)).Select(MlflowMapper.ToDto)],
        });
    }

    /// <summary>The route's dataset name with its version number or tag, checked like any reference.</summary>
    internal static DatasetReference Reference(string name, string versionOrTag) => DatasetReference.Parse($"{DatasetReference.Scheme}{name}@{versionOrTag}");
}
