using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Slipway.Core.Artifacts;
using Slipway.Core.Errors;
using Slipway.Core.Events;
using Slipway.Core.Pipelines;
using Slipway.Core.Security;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;
using Slipway.Pipelines.Orchestration;
using Slipway.Pipelines.Triggers;
using Slipway.Server.Data;
using Slipway.Server.Hosting;
using Slipway.Server.Mlflow;
using Slipway.Server.Mlflow.Contracts;
using Slipway.Server.Native;
using Slipway.Server.Security;

namespace Slipway.Server.Pipelines;

/// <summary>
/// Pipelines under <c>/api/v1</c> (ADR 0010): validate, register and launch specs, follow runs and their step logs,
/// cancel and retry, webhooks (<c>/api/v1/hooks/{id}</c>, authenticated by their own token) and alert events.
/// </summary>
public static class PipelinesApi
{
    /// <summary>A pipeline spec is a short YAML file; a megabyte is far beyond any real one.</summary>
    public static readonly BodySizeLimit SpecLimit = new(1024 * 1024);

    private const string WebhookTokenPrefix = "slwh_";
    private static readonly TimeSpan MaxLogWait = TimeSpan.FromSeconds(30);

    private static NativeJsonContext Json => NativeJsonContext.Default;

    public static IEndpointRouteBuilder MapPipelinesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Pipelines");
        api.MapPost("/pipelines/validate", (Delegate)Validate).WithName("ValidatePipeline")
            .WithSummary("Parses and checks a pipeline file without recording anything: what it declares, or every problem with its line and field.")
            .Produces<PipelineSpecSummaryDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .WithMetadata(SpecLimit).Reads();
        api.MapPost("/pipelines", Apply).WithName("ApplyPipeline")
            .WithSummary("Registers a pipeline (or replaces its spec); the triggers it declares become active.")
            .Produces<PipelineDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .WithMetadata(SpecLimit).Changes(Access.Edit, ResourceTarget.None, "pipeline.apply");
        api.MapGet("/pipelines", ListPipelines).WithName("ListPipelines").WithSummary("The workspace's registered pipelines.").Reads();
        api.MapGet("/pipelines/{name}", GetPipeline).WithName("GetPipeline").WithSummary("A registered pipeline with its spec and what it declares.")
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).Reads();
        api.MapDelete("/pipelines/{name}", DeletePipeline).WithName("DeletePipeline")
            .WithSummary("Unregisters a pipeline (its triggers and webhooks stop); its runs are kept.")
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).Changes(Access.Manage, ResourceTarget.None, "pipeline.delete");
        api.MapPost("/pipeline-runs", Launch).WithName("RunPipeline")
            .WithSummary("Registers the spec and starts a run (201, running or queued), or says why it started none (200, skipped).")
            .Produces<LaunchResponse>(StatusCodes.Status201Created).Produces<LaunchResponse>().Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .WithMetadata(SpecLimit).Changes(Access.Edit, ResourceTarget.None, "pipeline.run");
        api.MapPost("/pipelines/{name}/runs", LaunchRegistered).WithName("RunRegisteredPipeline")
            .WithSummary("Starts a run of a registered pipeline with its current spec and code, with parameter overrides.")
            .Produces<LaunchResponse>(StatusCodes.Status201Created).Produces<LaunchResponse>().Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .WithMetadata(BodySizeLimit.Management).Changes(Access.Edit, ResourceTarget.None, "pipeline.run");
        api.MapGet("/pipeline-runs", ListRuns).WithName("ListPipelineRuns").WithSummary("Pipeline runs, newest first, optionally of one pipeline or in one status.")
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest).Reads();
        api.MapGet("/pipeline-runs/{id}", GetRun).WithName("GetPipelineRun").WithSummary("A pipeline run with its steps, their states, attempts and outputs.")
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).Reads();
        api.MapPost("/pipeline-runs/{id}/cancel", Cancel).WithName("CancelPipelineRun")
            .WithSummary("Stops a run: running steps are killed with every process they started; steps not started never will.")
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .WithMetadata(BodySizeLimit.Management).Changes(Access.Edit, ResourceTarget.None, "pipeline.cancel");
        api.MapPost("/pipeline-runs/{id}/retry", Retry).WithName("RetryPipelineRun")
            .WithSummary("Runs an ended run's pipeline again with the same spec, params and code; steps that succeeded come from the cache.")
            .Produces<LaunchResponse>(StatusCodes.Status201Created).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .WithMetadata(BodySizeLimit.Management).Changes(Access.Edit, ResourceTarget.None, "pipeline.retry");
        api.MapGet("/pipeline-runs/{id}/steps/{step}/logs", GetLogs).WithName("GetPipelineStepLogs")
            .WithSummary("A step's output (stdout and stderr as they came) from a byte offset; with wait, holds the request until new output arrives. Headers X-Slipway-Log-Offset (next offset) and X-Slipway-Log-Complete.")
            .Produces<string>(contentType: "text/plain").Produces<ErrorDto>(StatusCodes.Status404NotFound).Reads();
        api.MapPost("/pipelines/{name}/webhooks", CreateWebhook).WithName("CreatePipelineWebhook")
            .WithSummary("Creates a webhook that starts the pipeline; its token is shown once.")
            .Produces<WebhookDto>(StatusCodes.Status201Created).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .WithMetadata(BodySizeLimit.Management).Changes(Access.Manage, ResourceTarget.None, "pipeline.webhook.create");
        api.MapGet("/pipelines/{name}/webhooks", ListWebhooks).WithName("ListPipelineWebhooks").WithSummary("The pipeline's webhooks (without tokens).").Reads();
        api.MapDelete("/pipelines/{name}/webhooks/{id}", DeleteWebhook).WithName("DeletePipelineWebhook").WithSummary("Deletes a webhook; calls to it fail from then on.")
            .Produces<ErrorDto>(StatusCodes.Status404NotFound).Changes(Access.Manage, ResourceTarget.None, "pipeline.webhook.delete");
        api.MapPost("/hooks/{id}", CallWebhook).WithName("CallPipelineWebhook")
            .WithSummary("Starts the webhook's pipeline (token as Authorization: Bearer, X-Slipway-Webhook-Token or ?token=); an optional JSON body {\"params\": {...}} overrides params.")
            .Produces<LaunchResponse>(StatusCodes.Status201Created).Produces<LaunchResponse>().Produces<ErrorDto>(StatusCodes.Status401Unauthorized)
            .WithMetadata(BodySizeLimit.Management).Public();
        api.MapPost("/events/alerts", RaiseAlert).WithName("RaisePipelineAlert")
            .WithSummary("Raises an alert (as a monitor would): starts the pipelines whose alert trigger names it, subject to their cooldown and concurrency.")
            .Produces<AlertEventResponse>().Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .WithMetadata(BodySizeLimit.Management).Changes(Access.Edit, ResourceTarget.None, "pipeline.alert");
        return app;
    }

    private static async Task<Ok<PipelineSpecSummaryDto>> Validate(HttpContext context)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.PipelineSpecRequest);
        return TypedResults.Ok(PipelineMapper.Summarize(PipelineService.Parse(RequireSpec(request), FileName(request))));
    }

    private static async Task<Ok<PipelineDto>> Apply(PipelineService pipelines, HttpContext context)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.PipelineSpecRequest);
        var definition = await pipelines.ApplyAsync(RequestWorkspace.Of(context), RequireSpec(request), FileName(request), request.Code, Creator(context), context.RequestAborted);
        return TypedResults.Ok(PipelineMapper.ToDto(definition, withSpec: true));
    }

    private static async Task<Ok<PipelinesResponse>> ListPipelines(IPipelineStore store, HttpContext context)
    {
        var pipelines = await store.ListPipelinesAsync(RequestWorkspace.Of(context), context.RequestAborted);
        return TypedResults.Ok(new PipelinesResponse { Pipelines = [.. pipelines.Select(p => PipelineMapper.ToDto(p, withSpec: false))] });
    }

    private static async Task<Ok<PipelineDto>> GetPipeline(string name, IPipelineStore store, HttpContext context) =>
        TypedResults.Ok(PipelineMapper.ToDto(await store.GetPipelineAsync(RequestWorkspace.Of(context), name, context.RequestAborted), withSpec: true));

    private static async Task<Ok<EmptyDataResponse>> DeletePipeline(string name, IPipelineStore store, HttpContext context)
    {
        await store.DeletePipelineAsync(RequestWorkspace.Of(context), name, context.RequestAborted);
        return TypedResults.Ok(new EmptyDataResponse());
    }

    private static async Task<IResult> Launch(PipelineService pipelines, HttpContext context)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.PipelineSpecRequest);
        var launch = new LaunchRequest(RequireSpec(request), FileName(request), request.Params ?? [], request.Code, PipelineTrigger.ManualLaunch, Creator(context));
        return Launched(await pipelines.LaunchAsync(RequestWorkspace.Of(context), launch, context.RequestAborted));
    }

    private static async Task<IResult> LaunchRegistered(string name, PipelineService pipelines, HttpContext context)
    {
        var request = await ReadParamsAsync(context.Request);
        var workspace = RequestWorkspace.Of(context);
        var pipeline = await pipelines.Store.GetPipelineAsync(workspace, name, context.RequestAborted);
        var launch = new LaunchRequest(pipeline.Spec, name + ".yaml", request.Params ?? [], pipeline.Code, PipelineTrigger.ManualLaunch, Creator(context), Register: false);
        return Launched(await pipelines.LaunchAsync(workspace, launch, context.RequestAborted));
    }

    private static async Task<Ok<PipelineRunsResponse>> ListRuns(string? pipeline, string? status, int? maxResults, string? pageToken, IPipelineStore store, HttpContext context)
    {
        var query = new PipelineRunQuery(
            string.IsNullOrEmpty(pipeline) ? null : pipeline,
            string.IsNullOrEmpty(status) ? null : PipelineStatuses.ParseRunStatus(status),
            maxResults ?? 100,
            pageToken);
        var page = await store.ListPipelineRunsAsync(RequestWorkspace.Of(context), query, context.RequestAborted);
        return TypedResults.Ok(new PipelineRunsResponse { Runs = [.. page.Items.Select(r => PipelineMapper.ToDto(r))], NextPageToken = page.NextPageToken });
    }

    private static async Task<Ok<PipelineRunDto>> GetRun(string id, IPipelineStore store, HttpContext context)
    {
        var workspace = RequestWorkspace.Of(context);
        var run = await store.GetPipelineRunAsync(workspace, id, context.RequestAborted);
        return TypedResults.Ok(await PipelineMapper.ToDetailedDtoAsync(store, workspace, run, context.RequestAborted));
    }

    private static async Task<Ok<PipelineRunDto>> Cancel(string id, PipelineService pipelines, HttpContext context) =>
        TypedResults.Ok(PipelineMapper.ToDto(await pipelines.CancelAsync(RequestWorkspace.Of(context), id, context.RequestAborted)));

    private static async Task<IResult> Retry(string id, PipelineService pipelines, HttpContext context) =>
        Launched(await pipelines.RetryAsync(RequestWorkspace.Of(context), id, Creator(context), context.RequestAborted));

    private static async Task GetLogs(
        string id, string step, long? offset, double? wait, IPipelineStore store, TrackingService tracking, IArtifactStore artifacts, PipelineOrchestratorOptions options, HttpContext context)
    {
        var workspace = RequestWorkspace.Of(context);
        var from = Math.Max(0, offset ?? 0);
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(Math.Clamp(wait ?? 0, 0, MaxLogWait.TotalSeconds));
        var local = new StepPaths(options.WorkDirectory, id, step).CombinedLog;
        while (true)
        {
            var steps = await store.ListStepRunsAsync(workspace, id, context.RequestAborted);
            var state = steps.FirstOrDefault(s => s.Name == step)
                ?? throw SlipwayException.NotFound($"Pipeline run {id} has no step '{step}'.");
            var final = state.Status.IsFinal();
            byte[] chunk = await ReadLogAsync(local, from, workspace, state, tracking, artifacts, context.RequestAborted);
            if (chunk.Length > 0 || final || DateTimeOffset.UtcNow >= deadline)
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                context.Response.Headers["X-Slipway-Log-Offset"] = (from + chunk.Length).ToString(CultureInfo.InvariantCulture);
                context.Response.Headers["X-Slipway-Log-Complete"] = final && chunk.Length == 0 ? "true" : "false";
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), context.RequestAborted);
        }
    }

    private static async Task<byte[]> ReadLogAsync(string local, long from, string workspace, StepRun state, TrackingService tracking, IArtifactStore artifacts, CancellationToken cancellationToken)
    {
        Stream? log = File.Exists(local) ? new FileStream(local, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete) : null;
        if (log is null && state.TrackingRunId is { } runId)
        {
            // The local log can be gone (another server, a cleaned data directory); the copy in the run's artifacts stays.
            var run = await tracking.GetRunAsync(workspace, runId, cancellationToken);
            log = await artifacts.OpenReadAsync(ArtifactLocations.ToStorePath(run.Info.ArtifactUri) + "/logs/" + Path.GetFileName(local), cancellationToken);
        }

        if (log is null)
        {
            return [];
        }

        await using (log)
        {
            if (log.CanSeek)
            {
                if (from >= log.Length)
                {
                    return [];
                }

                log.Seek(from, SeekOrigin.Begin);
            }
            else
            {
                await CopyPrefixAsync(log, from, cancellationToken);
            }

            using var buffer = new MemoryStream();
            await log.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
    }

    private static async Task CopyPrefixAsync(Stream log, long skip, CancellationToken cancellationToken)
    {
        var scratch = new byte[81920];
        while (skip > 0)
        {
            var read = await log.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, skip)), cancellationToken);
            if (read == 0)
            {
                return;
            }

            skip -= read;
        }
    }

    private static async Task<Created<WebhookDto>> CreateWebhook(string name, IPipelineStore store, HttpContext context)
    {
        var workspace = RequestWorkspace.Of(context);
        await store.GetPipelineAsync(workspace, name, context.RequestAborted);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var token = WebhookTokenPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var webhook = new PipelineWebhook(id, workspace, name, HashToken(token), Creator(context), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await store.CreateWebhookAsync(webhook, context.RequestAborted);
        var dto = PipelineMapper.ToDto(webhook);
        dto.Token = token;
        return TypedResults.Created(dto.Url, dto);
    }

    private static async Task<Ok<WebhooksResponse>> ListWebhooks(string name, IPipelineStore store, HttpContext context)
    {
        var webhooks = await store.ListWebhooksAsync(RequestWorkspace.Of(context), name, context.RequestAborted);
        return TypedResults.Ok(new WebhooksResponse { Webhooks = [.. webhooks.Select(PipelineMapper.ToDto)] });
    }

    private static async Task<Ok<EmptyDataResponse>> DeleteWebhook(string name, string id, IPipelineStore store, HttpContext context)
    {
        var workspace = RequestWorkspace.Of(context);
        var webhooks = await store.ListWebhooksAsync(workspace, name, context.RequestAborted);
        if (webhooks.All(w => w.Id != id))
        {
            throw SlipwayException.NotFound($"Pipeline '{name}' has no webhook '{id}'.");
        }

        await store.DeleteWebhookAsync(workspace, id, context.RequestAborted);
        return TypedResults.Ok(new EmptyDataResponse());
    }

    private static async Task<IResult> CallWebhook(string id, string? token, IPipelineStore store, PipelineTriggerService triggers, HttpContext context)
    {
        var given = token ?? context.Request.Headers["X-Slipway-Webhook-Token"].FirstOrDefault() ?? BearerOf(context.Request.Headers.Authorization.FirstOrDefault());
        var webhook = await store.FindWebhookAsync(id, context.RequestAborted);
        // An unknown id and a wrong token answer alike, so the endpoint does not tell which webhooks exist.
        if (webhook is null || given is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashToken(given)), Encoding.ASCII.GetBytes(webhook.TokenHash)))
        {
            throw new SlipwayException(ErrorCode.Unauthenticated, "Unknown webhook or wrong token: send the token the webhook was created with as Authorization: Bearer, X-Slipway-Webhook-Token or ?token=.");
        }

        var request = await ReadParamsAsync(context.Request);
        return Launched(await triggers.OnWebhookAsync(webhook, request.Params ?? [], context.RequestAborted));
    }

    private static async Task<Ok<AlertEventResponse>> RaiseAlert(PipelineTriggerService triggers, HttpContext context)
    {
        var request = await MlflowRequestReader.ReadAsync(context.Request, Json.AlertEventRequest);
        if (string.IsNullOrWhiteSpace(request.Alert))
        {
            throw SlipwayException.Invalid("Missing value for required parameter 'alert': the name of the alert (a monitor's name).");
        }

        var results = await triggers.OnAlertAsync(RequestWorkspace.Of(context), request.Alert, request.Detail, context.RequestAborted);
        return TypedResults.Ok(new AlertEventResponse
        {
            Started = [.. results.Where(r => r.Result.Run is not null).Select(r => PipelineMapper.ToDto(r.Result.Run!))],
            Skipped = results.Where(r => r.Result.Run is null).ToDictionary(r => r.Pipeline, r => r.Result.Skipped ?? string.Empty),
        });
    }

    /// <summary>
    /// The optional body of a launch or a webhook call: none (no length and not chunked) means no overrides, whatever
    /// the query holds (a webhook's <c>?token=</c> is not a param).
    /// </summary>
    private static ValueTask<LaunchParamsRequest> ReadParamsAsync(HttpRequest request) =>
        request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding"))
            ? ValueTask.FromResult(new LaunchParamsRequest())
            : MlflowRequestReader.ReadAsync(request, Json.LaunchParamsRequest);

    private static IResult Launched(LaunchResult result) => result.Run is { } run
        ? TypedResults.Created($"/api/v1/pipeline-runs/{run.Id}", new LaunchResponse { Run = PipelineMapper.ToDto(run) })
        : TypedResults.Ok(new LaunchResponse { Skipped = result.Skipped });

    private static string RequireSpec(PipelineSpecRequest request) =>
        string.IsNullOrWhiteSpace(request.Spec)
            ? throw SlipwayException.Invalid("Missing value for required parameter 'spec': the pipeline file's YAML text.")
            : request.Spec;

    private static string FileName(PipelineSpecRequest request) => string.IsNullOrWhiteSpace(request.FileName) ? "slipway.yaml" : Path.GetFileName(request.FileName);

    private static string? Creator(HttpContext context) => RequestAccess.Of(context)?.Caller.Name;

    private static string? BearerOf(string? authorization) =>
        authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;

    // The same hash API tokens are kept by (ADR 0007): a fast one is right for 256 random bits.
    private static string HashToken(string token) => Convert.ToHexStringLower(ApiTokens.Hash(token));
}
