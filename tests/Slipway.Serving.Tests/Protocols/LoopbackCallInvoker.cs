using Grpc.Core;

namespace Slipway.Serving.Tests.Protocols;

/// <summary>
/// Runs a generated client's unary calls in process: the request goes through the method's own marshaller to bytes,
/// <paramref name="handle"/> answers with bytes, and those come back through the response marshaller. It shows what a
/// client puts on the wire (method path and message bytes) without a server, which comes with the service wiring.
/// </summary>
internal sealed class LoopbackCallInvoker(Func<string, byte[], byte[]> handle) : CallInvoker
{
    public List<string> Methods { get; } = [];

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Methods.Add(method.FullName);
        var sent = new LoopbackSerializationContext();
        method.RequestMarshaller.ContextualSerializer(request, sent);
        var answer = handle(method.FullName, sent.Payload);
        return method.ResponseMarshaller.ContextualDeserializer(new LoopbackDeserializationContext(answer));
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        new(
            Task.FromResult(BlockingUnaryCall(method, host, options, request)),
            Task.FromResult(new Metadata()),
            () => Status.DefaultSuccess,
            () => new Metadata(),
            () => { });

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException("The Open Inference Protocol's service has unary methods only.");

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException("The Open Inference Protocol's service has unary methods only.");

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException("The Open Inference Protocol's service has unary methods only.");
}
