using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using Slipway.Core.Artifacts;
using Slipway.Core.Diagnostics;
using Slipway.Core.Errors;
using Slipway.Core.Events;
using Slipway.Core.Lineage;
using Slipway.Core.Registry;
using Slipway.Core.Serving;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;
using Slipway.Data.Artifacts;
using Slipway.Data.Blobs;
using Slipway.Data.Datasets;
using Slipway.Data.Lineage;
using Slipway.Data.Profiling;
using Slipway.Data.Validation;
using Slipway.Pipelines.Execution;
using Slipway.Pipelines.Orchestration;
using Slipway.Pipelines.Triggers;
using Slipway.Server.Artifacts;
using Slipway.Server.Data;
using Slipway.Server.Mlflow;
using Slipway.Server.Native;
using Slipway.Server.Observability;
using Slipway.Server.Pipelines;
using Slipway.Server.Security;
using Slipway.Server.Serving;
using Slipway.Serving.Deployments;
using Slipway.Serving.Logging;
using Slipway.Serving.Packaging;
using Slipway.Storage;
using Slipway.Storage.Artifacts;
using Slipway.Storage.Blobs;

namespace Slipway.Server.Hosting;

/// <summary>A running Slipway server: HTTP endpoints over the configured stores.</summary>
public sealed class SlipwayServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IMetadataStore _store;
    private int _disposed;

    private SlipwayServer(WebApplication app, IMetadataStore store, IReadOnlyList<string> addresses, string storeDescription, IReadOnlyList<string> securityBanner)
    {
        _app = app;
        _store = store;
        Addresses = addresses;
        StoreDescription = storeDescription;
        SecurityBanner = securityBanner;
    }

    /// <summary>
    /// Every HTTP endpoint (methods and route) with the access it declares: what the security guide's table and the
    /// test that every endpoint is declared read.
    /// </summary>
    public IReadOnlyList<(string Endpoint, AccessRequirement? Requirement)> Endpoints =>
        [.. ((IEndpointRouteBuilder)_app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(e => (EndpointDeclarations.Describe(e), e.Metadata.GetMetadata<AccessRequirement>()))];

    /// <summary>Lines for the start-up banner about authentication: enforced, single-user mode, or a one-time setup token.</summary>
    public IReadOnlyList<string> SecurityBanner { get; }

    /// <summary>The addresses the server listens on, such as <c>http://127.0.0.1:5000</c> (the real port when 0 was asked for).</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>The Open Inference Protocol gRPC listener (HTTP/2), such as <c>http://127.0.0.1:8081</c>; null when gRPC is off.</summary>
    public string? GrpcAddress { get; private init; }

    /// <summary>The metadata store in use, with any password removed, for banners and logs.</summary>
    public string StoreDescription { get; }

    /// <summary>Opens the stores (applying migrations), binds the port and starts serving.</summary>
    public static async Task<SlipwayServer> StartAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listenAddress = ParseHost(options.Host);
        if (options.Port is < 0 or > 65535)
        {
            throw SlipwayException.Invalid($"Invalid port {options.Port}: expected 0-65535.");
        }

        Directory.CreateDirectory(options.DataDirectory);
        var artifactsDirectory = options.ArtifactsDirectory ?? Path.Combine(options.DataDirectory, "artifacts");
        Directory.CreateDirectory(artifactsDirectory);
        var storeUri = options.StoreUri ?? "sqlite:///" + Path.GetFullPath(Path.Combine(options.DataDirectory, "slipway.db"));
        var storeOptions = new StoreOptions
        {
            DefaultArtifactRoot = ArtifactLocations.Scheme + "/",
            SqliteSynchronous = options.SqliteSynchronous.Equals("normal", StringComparison.OrdinalIgnoreCase)
                ? SqliteSynchronousMode.Normal
                : SqliteSynchronousMode.Full,
        };
        var store = await MetadataStoreFactory.OpenAsync(storeUri, storeOptions, cancellationToken);
        try
        {
            var (security, banner) = await SecurityBootstrap.PrepareAsync(options, store, SecurityBootstrap.IsLoopback(listenAddress), cancellationToken);
            var blobs = new LocalBlobStore(options.BlobsDirectory ?? Path.Combine(options.DataDirectory, "blobs"));
            var app = Build(options, listenAddress, store, new LocalArtifactStore(artifactsDirectory), blobs, security);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse } || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await app.DisposeAsync();
                throw new IOException($"Port {options.Port} on {options.Host} is already in use; choose another with --port.", ex);
            }

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
            // Kestrel reports its listeners in the order they were declared: HTTP first, then gRPC when it is on.
            string? grpc = null;
            if (options.Serving.GrpcPort is not null && addresses.Count > 1)
            {
                grpc = addresses[^1];
                addresses.RemoveAt(addresses.Count - 1);
            }

            return new SlipwayServer(app, store, addresses, DescribeStore(storeUri), banner) { GrpcAddress = grpc };
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Completes when the server shuts down (Ctrl+C, SIGTERM or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        await _store.DisposeAsync();
    }

    private static WebApplication Build(ServerOptions options, IPAddress? listenAddress, IMetadataStore store, IArtifactStore artifacts, IBlobStore blobs, SecurityState security)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // This category only logs each request's start and end (information): off, hosting no longer starts an
        // Activity per request to give those log lines a trace id (about 1 % of a one-row prediction's server time).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            if (listenAddress is null)
            {
                kestrel.ListenLocalhost(options.Port);
            }
            else
            {
                kestrel.Listen(listenAddress, options.Port);
            }

            // gRPC gets its own port, HTTP/2 only: without TLS there is no negotiation to share one with HTTP/1.1.
            if (options.Serving.GrpcPort is { } grpcPort)
            {
                if (listenAddress is null)
                {
                    kestrel.ListenLocalhost(grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
                }
                else
                {
                    kestrel.Listen(listenAddress, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
                }
            }
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(store);
        services.AddSingleton<ITrackingStore>(store);
        services.AddSingleton<IIdentityStore>(store);
        services.AddSingleton<IAuditLog>(store);
        services.AddSingleton(security);
        services.AddSingleton<IdentityCache>();
        services.AddSingleton(new FailedAttemptLimiter(options.MaxFailedLoginsPerMinute));
        services.AddSingleton<AuditRecorder>();
        services.AddSingleton<ResourceResolver>();
        services.AddSingleton(provider => new Authenticator(
            store,
            provider.GetRequiredService<IdentityCache>(),
            provider.GetRequiredService<TimeProvider>(),
            string.IsNullOrEmpty(options.Oidc.Issuer) ? null : new OidcTokenValidator(options.Oidc, store)));
        services.AddSingleton<IModelRegistryStore>(store);
        services.AddSingleton(artifacts);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IOperationTimer, PrometheusOperationTimer>();
        services.AddSingleton<TrackingService>();
        services.AddSingleton<ModelRegistryService>();
        services.AddSingleton<ModelUriResolver>();
        services.AddSingleton<LineageService>();
        services.AddSingleton<IDatasetStore>(store);
        services.AddSingleton(blobs);
        services.AddSingleton<BlobSweepGate>();
        services.AddSingleton<BlobSweeper>();
        services.AddSingleton<VersionProfiler>();
        services.AddSingleton<DatasetService>();
        services.AddSingleton<DatasetDiffer>();
        services.AddSingleton<RunInputLinker>();
        services.AddSingleton<DatasetValidator>();
        services.AddSingleton<PlatformEvents>();
        AddPipelines(services, options, artifacts);
        AddServing(services, options);
        if (options.Serving.ServingOnly)
        {
            // A serving replica runs no pipelines: its only background work is following its deployment.
            services.RemoveAll<IHostedService>();
            services.AddHostedService(provider => provider.GetRequiredService<ServingHost>());
        }
        services.ConfigureHttpJsonOptions(json =>
        {
            // The native API speaks the same JSON dialect as the MLflow adapter: snake_case, nulls omitted.
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            json.SerializerOptions.NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals;
            json.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, NativeJsonContext.Default);
        });
        services.AddOpenApi("v1");

        var app = builder.Build();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<ArtifactRequestGuard>();
        // The inference endpoints are measured by the serving metrics instead (InferenceHttpMetrics says why).
        app.UseWhen(context => !InferenceHttpMetrics.InvokesModels(context), branch => branch.UseHttpMetrics());
        app.UseMiddleware<BodySizeLimitMiddleware>();
        app.UseMiddleware<AccessControlMiddleware>();

        if (!options.Serving.ServingOnly)
        {
            MapPlatform(app, options);
        }

        app.MapInferenceApi(options);
        app.MapGrpcService<InferenceGrpcService>().InvokesModels();
        app.MapOpenApi("/api/v1/openapi.json").Public();
        app.MapMetrics("/metrics").Public();
        // "{**path}" rather than MapFallback's default "{*path:nonfile}", which skips paths that end in a file
        // name (such as /x/model.pkl) and leaves them an empty 404 instead of the JSON error.
        app.MapFallback("{**path}", (HttpContext context) => MlflowResponses.WriteErrorAsync(
            context, ErrorCode.EndpointNotFound, $"No endpoint for {context.Request.Method} {context.Request.Path}."))
            .ExcludeFromDescription()
            .Public();
        EndpointDeclarations.RequireAll(app);
        return app;
    }

    private static void MapPlatform(WebApplication app, ServerOptions options)
    {
        foreach (var prefix in (ReadOnlySpan<string>)["/api/2.0/mlflow", "/ajax-api/2.0/mlflow"])
        {
            var mlflow = app.MapGroup(prefix).ExcludeFromDescription();
            mlflow.MapMlflowTracking();
            mlflow.MapMlflowRegistry();
            mlflow.MapMlflowArtifactListing();
            mlflow.MapMlflowAuth();
        }

        foreach (var prefix in (ReadOnlySpan<string>)["/api/2.0/mlflow-artifacts", "/ajax-api/2.0/mlflow-artifacts"])
        {
            app.MapGroup(prefix).ExcludeFromDescription().MapProxiedArtifacts();
        }

        app.MapNativeApi();
        app.MapSecurityApi();
        app.MapDatasetsApi();
        app.MapBlobsApi(options);
        app.MapPipelinesApi();
        app.MapDeploymentsApi();
    }

    private static void AddServing(IServiceCollection services, ServerOptions options)
    {
        var serving = options.Serving;
        services.AddSingleton(serving);
        services.AddSingleton<IDeploymentStore>(provider => provider.GetRequiredService<IMetadataStore>());
        services.AddSingleton<DeploymentService>();
        services.AddSingleton<DeploymentPlanner>();
        services.AddSingleton<ModelPackageCheck>();
        services.AddSingleton<IModelSource>(provider => new RegistryModelSource(
            provider.GetRequiredService<ModelRegistryService>(),
            provider.GetRequiredService<ArtifactTransfer>(),
            serving.ModelCacheDirectory ?? Path.Combine(options.DataDirectory, "models")));
        if (serving.InferenceLog)
        {
            services.AddSingleton<IInferenceLogStore>(_ => new FileInferenceLogStore(serving.InferenceLogDirectory ?? Path.Combine(options.DataDirectory, "inference-log")));
            services.AddSingleton(provider =>
            {
                // Resolved per record rather than at construction: the engine itself needs this writer.
                string? WebhookOf(InferenceLogRecord record) =>
                    provider.GetRequiredService<ServingEngine>().Find(record.WorkspaceId, record.Deployment)?.Current?.Plan.LogWebhook;
                var sink = new CloudEventsSink(new HttpClient(), WebhookOf, logger: provider.GetService<ILogger<CloudEventsSink>>());
                var writer = new InferenceLogWriter(
                    provider.GetRequiredService<IInferenceLogStore>(),
                    new InferenceLogWriterOptions { Capacity = serving.InferenceLogBuffer },
                    sink,
                    provider.GetService<ILogger<InferenceLogWriter>>());
                InferenceLogMetrics.Observe(writer, sink);
                return writer;
            });
            services.AddSingleton<IInferenceRecorder>(provider => provider.GetRequiredService<InferenceLogWriter>());
        }

        services.AddSingleton<ServingEngine>();
        services.AddSingleton<ServingHost>();
        services.AddHostedService(provider => provider.GetRequiredService<ServingHost>());
        services.AddGrpc();
    }

    private static void AddPipelines(IServiceCollection services, ServerOptions options, IArtifactStore artifacts)
    {
        services.AddSingleton(new PipelineOrchestratorOptions { WorkDirectory = Path.Combine(options.DataDirectory, "pipelines") });
        services.AddSingleton<IStepExecutor>(_ => new LocalExecutor(new LocalExecutorOptions()));
        services.AddSingleton(new ArtifactTransfer(artifacts));
        services.AddSingleton<BlobCopier>();
        services.AddSingleton<InputMaterializer>();
        services.AddSingleton<OutputCollector>();
        services.AddSingleton<IBuiltInStepAuthorizer, BuiltInStepAuthorizer>();
        services.AddSingleton<BuiltInStepRunner>();
        services.AddSingleton<StepCredentials>();
        services.AddSingleton<IPipelineStore>(provider => provider.GetRequiredService<IMetadataStore>());
        services.AddSingleton<OrchestratorServices>();
        services.AddSingleton<PipelineOrchestrator>();
        services.AddSingleton<PipelineService>();
        services.AddSingleton<PipelineTriggerService>();
        services.AddHostedService<PipelineHost>();
    }

    private static IPAddress? ParseHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return IPAddress.TryParse(host, out var address)
            ? address
            : throw SlipwayException.Invalid($"Invalid --host '{host}': expected an IP address such as 127.0.0.1 or 0.0.0.0, or 'localhost'.");
    }

    private static string DescribeStore(string storeUri)
    {
        if (!Uri.TryCreate(storeUri, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo))
        {
            return storeUri;
        }

        var user = uri.UserInfo.Split(':', 2)[0];
        return storeUri.Replace(uri.UserInfo, user + ":***", StringComparison.Ordinal);
    }
}
