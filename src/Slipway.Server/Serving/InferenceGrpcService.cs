using Grpc.Core;
using Slipway.Core.Errors;
using Slipway.Server.Hosting;
using Slipway.Serving.Deployments;
using Slipway.Serving.Protocols.Grpc;

namespace Slipway.Server.Serving;

/// <summary>
/// The Open Inference Protocol's <c>inference.GRPCInferenceService</c>: the deployment name is the model name, as in
/// the REST paths. Errors are gRPC statuses carrying the same messages the REST endpoints give.
/// </summary>
public sealed class InferenceGrpcService(ServingEngine engine, ServingOptions options) : GRPCInferenceService.GRPCInferenceServiceBase
{
    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = engine.ServesAll(options.ServingOnly) });

    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return Guard(() =>
        {
            var ready = engine.Get(Workspace(context), request.Name).Serves(request.Version);
            return Task.FromResult(new ModelReadyResponse { Ready = ready });
        });
    }

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(GrpcTensorCodec.ServerMetadata(InferenceMetadata.ServerName, InferenceMetadata.ServerVersion, InferenceMetadata.Extensions));

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return Guard(() =>
        {
            using var call = engine.Begin(Workspace(context), request.Name, NullIfEmpty(request.Version));
            var versions = InferenceMetadata.Versions(engine, Workspace(context), request.Name);
            return Task.FromResult(GrpcTensorCodec.ModelMetadata(request.Name, versions, InferenceMetadata.Platform(call), call.Signature));
        });
    }

    public override Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return Guard(async () =>
        {
            var decoded = GrpcTensorCodec.Decode(request);
            var workspace = Workspace(context);
            var sticky = engine.Find(workspace, request.ModelName)?.Current?.Plan.StickyHeader is { } header
                ? context.RequestHeaders.GetValue(header.ToLowerInvariant())
                : null;
            using var call = engine.Begin(workspace, request.ModelName, NullIfEmpty(request.ModelVersion), sticky);
            var response = await call.PredictAsync(decoded, InferenceProtocols.V2Grpc);
            return GrpcTensorCodec.Encode(response, GrpcTensorCodec.AnswersRaw(request));
        });
    }

    private static string Workspace(ServerCallContext context) => RequestWorkspace.Of(context.GetHttpContext());

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;

    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (SlipwayException ex)
        {
            var status = ex.Code switch
            {
                ErrorCode.ResourceDoesNotExist => StatusCode.NotFound,
                ErrorCode.TemporarilyUnavailable => StatusCode.Unavailable,
                ErrorCode.InvalidParameterValue or ErrorCode.BadRequest => StatusCode.InvalidArgument,
                ErrorCode.PermissionDenied => StatusCode.PermissionDenied,
                _ => StatusCode.Internal,
            };
            throw new RpcException(new Status(status, ex.Message));
        }
    }
}
