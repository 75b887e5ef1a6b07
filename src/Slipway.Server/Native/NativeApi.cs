using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Slipway.Core.Errors;
using Slipway.Core.Lineage;
using Slipway.Core.Registry;
using Slipway.Core.Security;
using Slipway.Core.Stores;
using Slipway.Server.Data;
using Slipway.Server.Hosting;
using Slipway.Server.Mlflow;
using Slipway.Server.Mlflow.Contracts;
using Slipway.Server.Security;

namespace Slipway.Server.Native;

/// <summary>Slipway's own API under <c>/api/v1</c>: server info, lineage, model URI resolution.</summary>
public static class NativeApi
{
    public static string Version { get; } =
        typeof(NativeApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static IEndpointRouteBuilder MapNativeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Slipway");
        api.MapGet("/server-info", GetServerInfo)
            .WithName("GetServerInfo")
            .WithSummary("Version, store kind and schema version of this server.")
            .Reads();
        api.MapGet("/runs/{runId}/lineage", GetRunLineage)
            .WithName("GetRunLineage")
            .WithSummary("Datasets a run used and model versions registered from it.")
            .Reads(ResourceTarget.Run)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound);
        api.MapGet("/models/{name}/versions/{version}/lineage", GetModelVersionLineage)
            .WithName("GetModelVersionLineage")
            .WithSummary("The run a model version came from and the datasets that run used.")
            .Reads(ResourceTarget.RegisteredModel)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound);
        api.MapGet("/models/resolve", ResolveModel)
            .WithName("ResolveModelUri")
            .WithSummary("Resolves models:/name/version, models:/name@alias or models:/name/stage to a version and its download URI.")
            .Reads()
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .Produces<ErrorDto>(StatusCodes.Status404NotFound);

        var health = app.MapGroup("/health").WithTags("Health");
        health.MapGet("/live", () => TypedResults.Ok(new HealthResponse { Status = "live" }))
            .WithName("Live")
            .WithSummary("The process is up.")
            .Public();
        health.MapGet("/ready", GetReadiness)
            .WithName("Ready")
            .WithSummary("The metadata store answers; 503 otherwise.")
            .Public();
        return app;
    }

    private static Ok<ServerInfoResponse> GetServerInfo(IMetadataStore store, ServerOptions options, HttpContext context) =>
        TypedResults.Ok(new ServerInfoResponse
        {
            Name = "slipway",
            Version = Version,
            Store = store.Kind,
            SchemaVersion = store.SchemaVersion,
            ArtifactRoot = "mlflow-artifacts:/",
            Workspace = RequestWorkspace.Of(context),
            MlflowApi = "2.0",
        });

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> GetReadiness(IMetadataStore store, CancellationToken cancellationToken)
    {
        bool ready;
        try
        {
            ready = await store.PingAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ready = false;
        }

        var checks = new Dictionary<string, string> { ["metadata_store"] = ready ? "ok" : "unavailable" };
        return ready
            ? TypedResults.Ok(new HealthResponse { Status = "ready", Checks = checks })
            : TypedResults.Json(new HealthResponse { Status = "unavailable", Checks = checks }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Ok<RunLineageResponse>> GetRunLineage(string runId, LineageService lineage, HttpContext context)
    {
        var result = await lineage.GetRunLineageAsync(RequestWorkspace.Of(context), runId, context.RequestAborted);
        return TypedResults.Ok(new RunLineageResponse
        {
            Run = MlflowMapper.ToDto(result.Run),
            Datasets = result.Datasets.Select(MlflowMapper.ToDto).ToList(),
            DatasetVersions = [.. result.DatasetVersions.Select(v => new DatasetVersionRefDto { Name = v.Dataset, Version = v.Version })],
            ModelVersions = result.ModelVersions.Where(v => RequestAccess.CanSee(context, GrantedResource.RegisteredModel, v.Name)).Select(MlflowMapper.ToDto).ToList(),
        });
    }

    private static async Task<Ok<ModelVersionLineageResponse>> GetModelVersionLineage(string name, string version, LineageService lineage, HttpContext context)
    {
        var result = await lineage.GetModelVersionLineageAsync(RequestWorkspace.Of(context), name, version, context.RequestAborted);
        var runVisible = result.Run is { } run && RequestAccess.CanSee(context, GrantedResource.Experiment, run.ExperimentId);
        return TypedResults.Ok(new ModelVersionLineageResponse
        {
            ModelVersion = MlflowMapper.ToDto(result.ModelVersion),
            Run = runVisible ? MlflowMapper.ToDto(result.Run!) : null,
            Datasets = runVisible ? result.Datasets.Select(MlflowMapper.ToDto).ToList() : [],
            DatasetVersions = runVisible ? [.. result.DatasetVersions.Select(v => new DatasetVersionRefDto { Name = v.Dataset, Version = v.Version })] : [],
        });
    }

    private static async Task<Ok<ResolveModelResponse>> ResolveModel(string uri, ModelUriResolver resolver, ModelRegistryService registry, HttpContext context)
    {
        var workspace = RequestWorkspace.Of(context);
        var version = await resolver.ResolveAsync(workspace, uri, context.RequestAborted);
        if (!RequestAccess.CanSee(context, GrantedResource.RegisteredModel, version.Name))
        {
            throw SlipwayException.NotFound($"Registered Model with name={version.Name} not found");
        }

        var downloadUri = await registry.GetDownloadUriAsync(
            workspace, version.Name, version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), context.RequestAborted);
        return TypedResults.Ok(new ResolveModelResponse { Uri = uri, ModelVersion = MlflowMapper.ToDto(version), DownloadUri = downloadUri });
    }
}
