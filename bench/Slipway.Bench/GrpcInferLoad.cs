using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Slipway.Serving.Protocols.Grpc;

namespace Slipway.Bench;

/// <summary>
/// The gRPC serving benchmark: <c>inference.GRPCInferenceService/ModelInfer</c> with <paramref name="rows"/> rows per
/// request as <c>raw_input_contents</c> FP32 (what Triton's and KServe's clients send for large inputs), from several
/// concurrent calls spread over a few HTTP/2 connections, closed loop. Every answer is checked for its row count.
/// </summary>
public static class GrpcInferLoad
{
    public static async Task<LoadResult> RunAsync(Uri grpcUri, string model, int rows, int calls, int channels, TimeSpan warmup, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        var values = new float[rows * ServingSetup.Features];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (i % 97) / 97f;
        }

        var request = new ModelInferRequest { ModelName = model };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "x", Datatype = "FP32" };
        input.Shape.Add([rows, ServingSetup.Features]);
        request.Inputs.Add(input);
        request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())));

        var opened = new GrpcChannel[channels];
        try
        {
            for (var i = 0; i < channels; i++)
            {
                opened[i] = GrpcChannel.ForAddress(grpcUri, new GrpcChannelOptions
                {
                    HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, UseProxy = false },
                    MaxReceiveMessageSize = 64 * 1024 * 1024,
                });
            }

            var clients = opened.Select(c => new GRPCInferenceService.GRPCInferenceServiceClient(c)).ToArray();
            return await LoadRunner.RunAsync($"gRPC ModelInfer ({rows} rows, {channels} HTTP/2 connections)", calls, warmup, duration, rows, async (call, _) =>
            {
                try
                {
                    var response = await clients[call % clients.Length].ModelInferAsync(request);
                    return response.Outputs.Count == 1 && response.Outputs[0].Shape[0] == rows && response.RawOutputContents[0].Length == rows * sizeof(float);
                }
                catch (RpcException)
                {
                    return false;
                }
            });
        }
        finally
        {
            foreach (var channel in opened)
            {
                channel?.Dispose();
            }
        }
    }
}
