using System.Buffers;
using System.IO.Pipelines;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Slipway.Core.Errors;
using Slipway.Server.Hosting;
using Slipway.Server.Security;
using Slipway.Serving.Deployments;
using Slipway.Serving.Inference;
using Slipway.Serving.Protocols;

namespace Slipway.Server.Serving;

/// <summary>
/// The HTTP inference protocols over the serving engine: Open Inference Protocol V2 (<c>/v2/...</c>), KServe V1
/// (<c>/v1/models/{name}:predict</c>) and MLflow's scoring server (<c>/invocations</c> on a serving-only replica,
/// <c>/endpoints/{name}/invocations</c> anywhere). The deployment name is the model name. Each protocol answers
/// errors in its own shape: 400 for a request that does not fit, 404 for an unknown deployment or version, 413 for a
/// body over the limit, 503 while a model loads.
/// </summary>
public static partial class InferenceApi
{
    public const string RouteHeader = "X-Slipway-Route";

    public static IEndpointRouteBuilder MapInferenceApi(this IEndpointRouteBuilder app, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Resolved once here rather than per request: HttpContext.RequestServices creates a service scope per request.
        var engine = app.ServiceProvider.GetRequiredService<ServingEngine>();
        var v2 = app.MapGroup("/v2").WithTags("Inference (Open Inference Protocol V2)");
        v2.MapGet("/health/live", (Delegate)Live).WithName("V2ServerLive").WithSummary("200 while the server process runs.").Public();
        v2.MapGet("/health/ready", (Delegate)Ready).WithName("V2ServerReady").WithSummary("200 when every deployment serves a model, 400 while any is loading or failed.").Public();
        v2.MapGet(string.Empty, (Delegate)ServerMetadata).WithName("V2ServerMetadata").WithSummary("The server's name, version and protocol extensions.").Public();
        foreach (var prefix in (ReadOnlySpan<string>)["/models/{name}", "/models/{name}/versions/{version}"])
        {
            var versioned = prefix.Contains("{version}", StringComparison.Ordinal);
            var suffix = versioned ? "Version" : string.Empty;
            v2.MapGet(prefix, (Delegate)ModelMetadata).WithName("V2ModelMetadata" + suffix)
                .WithSummary("A deployment's served versions, platform, and inputs and outputs (names, datatypes, shapes).").InvokesModels();
            v2.MapGet(prefix + "/ready", (Delegate)ModelReady).WithName("V2ModelReady" + suffix)
                .WithSummary("200 when the deployment (or version) serves, 400 while it loads.").InvokesModels();
            v2.MapPost(prefix + "/infer", (Delegate)((HttpContext context) => InferV2(context, engine))).WithName("V2ModelInfer" + suffix)
                .WithSummary("Predicts: inputs as named, typed tensors (flat or nested data), optional outputs selection, parameters and id echoed.").InvokesModels();
        }

        app.MapGet("/v1/models/{name}", (Delegate)V1Status).WithName("V1ModelStatus").WithTags("Inference (KServe V1)")
            .WithSummary("{name, ready} for a deployment.").InvokesModels();
        app.MapPost("/v1/models/{name}:predict", (Delegate)((HttpContext context) => PredictV1(context, engine))).WithName("V1ModelPredict").WithTags("Inference (KServe V1)")
            .WithSummary("Predicts {\"instances\": [...]} rows, answering {\"predictions\": [...]}.").InvokesModels();
        app.MapPost("/endpoints/{name}/invocations", (Delegate)((HttpContext context) => Invocations(context, engine))).WithName("MlflowEndpointInvocations").WithTags("Inference (MLflow scoring)")
            .WithSummary("MLflow's scoring protocol: dataframe_split, dataframe_records, instances, inputs or text/csv; answers {\"predictions\": ...}.").InvokesModels();
        if (options.Serving.ServingOnly)
        {
            app.MapPost("/invocations", (Delegate)((HttpContext context) => Invocations(context, engine))).WithName("MlflowInvocations").WithTags("Inference (MLflow scoring)")
                .WithSummary("MLflow's scoring protocol for the one deployment this replica serves.").InvokesModels();
            app.MapGet("/ping", (Delegate)Ping).WithName("MlflowPing").WithTags("Inference (MLflow scoring)").WithSummary("200 when the model is loaded.").Public();
            app.MapGet("/health", (Delegate)Ping).WithName("MlflowHealth").WithTags("Inference (MLflow scoring)").WithSummary("200 when the model is loaded.").Public();
        }

        return app;
    }

    private static Task Live(HttpContext context) => WriteJsonAsync(context, StatusCodes.Status200OK, w => w.WriteBoolean("live", true));

    private static Task Ready(HttpContext context)
    {
        var ready = ServesAll(context);
        return WriteJsonAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, w => w.WriteBoolean("ready", ready));
    }

    private static Task Ping(HttpContext context)
    {
        var ready = ServesAll(context);
        return WriteJsonAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, w => w.WriteBoolean("ready", ready));
    }

    private static async Task ServerMetadata(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await using var writer = Writer(context);
        V2ResponseWriter.WriteServerMetadata(writer, new ServerMetadata(InferenceMetadata.ServerName, InferenceMetadata.ServerVersion, InferenceMetadata.Extensions));
    }

    private static Task ModelMetadata(HttpContext context) => GuardAsync(context, InferenceErrorShape.Kserve, async () =>
    {
        var (name, version) = Route(context);
        var engine = Engine(context);
        using var call = engine.Begin(RequestWorkspace.Of(context), name, version);
        context.Response.ContentType = "application/json";
        await using var writer = Writer(context);
        V2ResponseWriter.WriteModelMetadata(writer, new ModelMetadata(
            name,
            version is null ? InferenceMetadata.Versions(engine, RequestWorkspace.Of(context), name) : [version],
            InferenceMetadata.Platform(call),
            call.Signature.Inputs,
            call.Signature.Outputs));
    });

    private static Task ModelReady(HttpContext context) => GuardAsync(context, InferenceErrorShape.Kserve, () =>
    {
        var (name, version) = Route(context);
        var ready = Engine(context).Get(RequestWorkspace.Of(context), name).Serves(version);
        return WriteJsonAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, w =>
        {
            w.WriteString("name", name);
            w.WriteBoolean("ready", ready);
        });
    });

    private static Task V1Status(HttpContext context) => GuardAsync(context, InferenceErrorShape.Kserve, () =>
    {
        var (name, _) = Route(context);
        var slot = Engine(context).Get(RequestWorkspace.Of(context), name);
        return WriteJsonAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteString("name", name);
            w.WriteBoolean("ready", slot.Ready);
        });
    });

    // The predict endpoints pass their state to GuardAsync and use static lambdas, so a request allocates no closures.
    private static Task InferV2(HttpContext context, ServingEngine engine) => GuardAsync(context, InferenceErrorShape.Kserve, engine, static async (context, engine) =>
    {
        var (name, version) = Route(context);
        var body = await ReadBodyAsync(context.Request);
        try
        {
            var request = V2RequestReader.Read(body.Buffer);
            using var call = Begin(engine, context, name, version);
            var response = await call.PredictAsync(request, InferenceProtocols.V2Rest);
            WriteResponse(context, call, response, static (w, r) => V2ResponseWriter.Write(w, r));
        }
        finally
        {
            context.Request.BodyReader.AdvanceTo(body.Buffer.End);
        }
    });

    private static Task PredictV1(HttpContext context, ServingEngine engine) => GuardAsync(context, InferenceErrorShape.Kserve, engine, static async (context, engine) =>
    {
        var (name, _) = Route(context);
        var body = await ReadBodyAsync(context.Request);
        try
        {
            using var call = Begin(engine, context, name, null);
            var request = V1Codec.ReadRequest(Contiguous(body.Buffer), call.Signature);
            var response = await call.PredictAsync(request, InferenceProtocols.V1);
            WriteResponse(context, call, response, static (w, r) => V1Codec.WriteResponse(w, r));
        }
        finally
        {
            context.Request.BodyReader.AdvanceTo(body.Buffer.End);
        }
    });

    private static Task Invocations(HttpContext context, ServingEngine engine) => GuardAsync(context, InferenceErrorShape.Mlflow, engine, static async (context, engine) =>
    {
        var name = context.Request.RouteValues.TryGetValue("name", out var routed) && routed is string n ? n : OnlyDeployment(engine);
        var contentType = context.Request.ContentType;
        if (!MlflowInvocationsCodec.IsSupportedContentType(contentType))
        {
            await WriteErrorAsync(
                context,
                InferenceErrorShape.Mlflow,
                StatusCodes.Status415UnsupportedMediaType,
                $"Content type '{contentType}' is not supported; send application/json or text/csv.");
            return;
        }

        var body = await ReadBodyAsync(context.Request);
        try
        {
            using var call = Begin(engine, context, name, null);
            var columns = call.Descriptor.Columns.Count > 0 ? call.Descriptor.Columns : null;
            var request = MlflowInvocationsCodec.ReadRequest(Contiguous(body.Buffer), contentType, call.Signature, columns);
            var response = await call.PredictAsync(request, InferenceProtocols.Mlflow);
            WriteResponse(context, call, response, static (w, r) => MlflowInvocationsCodec.WriteResponse(w, r));
        }
        finally
        {
            context.Request.BodyReader.AdvanceTo(body.Buffer.End);
        }
    });

    private static ServingCall Begin(ServingEngine engine, HttpContext context, string name, string? version)
    {
        var workspace = RequestWorkspace.Of(context);
        var sticky = engine.Find(workspace, name)?.Current?.Plan.StickyHeader is { } header
            && context.Request.Headers.TryGetValue(header, out var value) ? value.ToString() : null;
        return engine.Begin(workspace, name, version, sticky);
    }

    private static string OnlyDeployment(ServingEngine engine)
    {
        var slots = engine.Slots;
        return slots.Count == 1
            ? slots[0].Name
            : throw new SlipwayException(ErrorCode.TemporarilyUnavailable, "This replica's deployment is not loaded yet; retry shortly.");
    }

    private static (string Name, string? Version) Route(HttpContext context)
    {
        var values = context.Request.RouteValues;
        return ((string)values["name"]!, values.TryGetValue("version", out var version) ? version as string : null);
    }

    private static ServingEngine Engine(HttpContext context) => context.RequestServices.GetRequiredService<ServingEngine>();

    /// <summary>Every deployment serves; a serving replica also needs its one deployment to exist, or it has nothing to serve.</summary>
    private static bool ServesAll(HttpContext context) =>
        Engine(context).ServesAll(context.RequestServices.GetRequiredService<ServerOptions>().Serving.ServingOnly);

    // Relaxed escaping keeps quotes and non-ASCII text readable in messages and BYTES data; validation is the codecs' job.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private static Utf8JsonWriter Writer(HttpContext context) => new(context.Response.BodyWriter, WriterOptions);

    /// <summary>Reads the whole body into the pipe's buffers, without copying it into one array.</summary>
    private static async ValueTask<ReadResult> ReadBodyAsync(HttpRequest request)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(request.HttpContext.RequestAborted);
            if (result.IsCompleted || result.IsCanceled)
            {
                return result;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static ReadOnlySpan<byte> Contiguous(ReadOnlySequence<byte> buffer) => buffer.IsSingleSegment ? buffer.FirstSpan : buffer.ToArray();

    private static void WriteResponse(HttpContext context, ServingCall call, InferenceResponse response, Action<Utf8JsonWriter, InferenceResponse> write)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers[RouteHeader] = call.Route;
        JsonResponseBuffer.Write(context.Response, response, write);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> fields)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var writer = Writer(context);
        writer.WriteStartObject();
        fields(writer);
        writer.WriteEndObject();
    }

    private static Task GuardAsync(HttpContext context, InferenceErrorShape shape, Func<Task> action) =>
        GuardAsync(context, shape, action, static (_, action) => action());

    private static async Task GuardAsync<TState>(HttpContext context, InferenceErrorShape shape, TState state, Func<HttpContext, TState, Task> action)
    {
        try
        {
            await action(context, state);
        }
        catch (SlipwayException ex) when (!context.Response.HasStarted)
        {
            var status = ex.Code switch
            {
                ErrorCode.ResourceDoesNotExist => StatusCodes.Status404NotFound,
                ErrorCode.TemporarilyUnavailable => StatusCodes.Status503ServiceUnavailable,
                ErrorCode.RequestLimitExceeded => StatusCodes.Status413PayloadTooLarge,
                ErrorCode.InvalidParameterValue or ErrorCode.BadRequest => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status500InternalServerError,
            };
            await WriteErrorAsync(context, shape, status, ex.Message);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            var message = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"The request body is larger than the server's limit of {context.RequestServices.GetRequiredService<ServerOptions>().MaxRequestBodyBytes} bytes."
                : ex.Message;
            await WriteErrorAsync(context, shape, ex.StatusCode, message);
        }
#pragma warning disable CA1031 // Whatever a model does wrong is one failed request in the protocol's shape; the server serves on.
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
#pragma warning restore CA1031
        {
            LogCrashed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InferenceApi)), ex, context.Request.Path);
            await WriteErrorAsync(context, shape, StatusCodes.Status500InternalServerError, "The model failed on this request; the server log has the details.");
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, InferenceErrorShape shape, int status, string message)
    {
        InferenceHttpMetrics.CountRefused(status);
        if (status == StatusCodes.Status500InternalServerError)
        {
            LogFailed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InferenceApi)), context.Request.Path, message);
        }

        await WriteJsonAsync(context, status, w =>
        {
            if (shape == InferenceErrorShape.Mlflow)
            {
                w.WriteString("error_code", status switch
                {
                    StatusCodes.Status404NotFound => "RESOURCE_DOES_NOT_EXIST",
                    StatusCodes.Status503ServiceUnavailable => "TEMPORARILY_UNAVAILABLE",
                    StatusCodes.Status413PayloadTooLarge => "REQUEST_LIMIT_EXCEEDED",
                    >= 500 => "INTERNAL_ERROR",
                    _ => "BAD_REQUEST",
                });
                w.WriteString("message", message);
            }
            else
            {
                w.WriteString("error", message);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Inference request {Path} failed")]
    private static partial void LogCrashed(ILogger logger, Exception exception, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inference request {Path} failed: {Message}")]
    private static partial void LogFailed(ILogger logger, string path, string message);
}
