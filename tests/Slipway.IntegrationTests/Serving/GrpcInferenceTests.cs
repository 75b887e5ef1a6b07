using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Slipway.IntegrationTests.Infrastructure;
using Slipway.Serving.Protocols.Grpc;
using Slipway.Testing;
using Xunit;

namespace Slipway.IntegrationTests.Serving;

public sealed class GrpcInferenceTests(ServingFixture fixture) : IClassFixture<ServingFixture>
{
    [Fact]
    public async Task Server_and_model_health_and_metadata_answer_over_grpc()
    {
        var name = await DeployLinearAsync([1f, 2f], 0.5f);
        using var channel = GrpcChannel.ForAddress(fixture.GrpcAddress);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);

        Assert.True((await client.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await client.ServerReadyAsync(new ServerReadyRequest())).Ready);
        Assert.True((await client.ModelReadyAsync(new ModelReadyRequest { Name = name })).Ready);
        var server = await client.ServerMetadataAsync(new ServerMetadataRequest());
        var model = await client.ModelMetadataAsync(new ModelMetadataRequest { Name = name });

        Assert.Equal("slipway", server.Name);
        Assert.Equal(name, model.Name);
        Assert.Equal("onnxruntime_onnx", model.Platform);
        Assert.Equal("x", model.Inputs.Single().Name);
        Assert.Equal("FP32", model.Inputs.Single().Datatype);
        Assert.Equal([-1L, 2L], model.Inputs.Single().Shape);
        Assert.Equal("y", model.Outputs.Single().Name);
    }

    [Fact]
    public async Task ModelInfer_takes_typed_contents_and_answers_typed()
    {
        var name = await DeployLinearAsync([1f, 2f], 0.5f);
        using var channel = GrpcChannel.ForAddress(fixture.GrpcAddress);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var request = new ModelInferRequest { ModelName = name, Id = "g-1" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "x", Datatype = "FP32", Contents = new InferTensorContents() };
        input.Shape.AddRange([2, 2]);
        input.Contents.Fp32Contents.AddRange([1f, 1f, 2f, 3f]);
        request.Inputs.Add(input);

        var response = await client.ModelInferAsync(request);

        Assert.Equal(name, response.ModelName);
        Assert.Equal("g-1", response.Id);
        Assert.Equal([3.5f, 8.5f], response.Outputs.Single().Contents.Fp32Contents);
        Assert.Equal([2L, 1L], response.Outputs.Single().Shape);
    }

    [Fact]
    public async Task ModelInfer_takes_raw_contents_of_every_datatype_and_answers_raw()
    {
        string[] datatypes = ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES"];
        var model = Names.Unique("identity");
        var version = await fixture.RegisterAsync(model, dir => ModelDirectories.Identities(dir, datatypes));
        var name = Names.Unique("d");
        await fixture.DeployAsync(name, new JsonObject { ["model"] = $"models:/{model}/{version}" });
        using var channel = GrpcChannel.ForAddress(fixture.GrpcAddress);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var request = new ModelInferRequest { ModelName = name };
        var sent = new Dictionary<string, ByteString>();
        foreach (var datatype in datatypes)
        {
            var input = new ModelInferRequest.Types.InferInputTensor { Name = datatype.ToLowerInvariant() + "_in", Datatype = datatype };
            input.Shape.AddRange([2, 2]);
            request.Inputs.Add(input);
            var raw = RawOf(datatype);
            sent[datatype] = raw;
            request.RawInputContents.Add(raw);
        }

        var response = await client.ModelInferAsync(request);

        Assert.Equal(datatypes.Length, response.RawOutputContents.Count);
        for (var i = 0; i < response.Outputs.Count; i++)
        {
            var output = response.Outputs[i];
            var datatype = output.Datatype;
            Assert.Equal(datatype.ToLowerInvariant() + "_out", output.Name);
            Assert.Equal(sent[datatype], response.RawOutputContents[i]);
        }
    }

    [Fact]
    public async Task Bad_requests_and_unknown_models_get_grpc_statuses_with_the_message()
    {
        var name = await DeployLinearAsync([1f, 2f], 0);
        using var channel = GrpcChannel.ForAddress(fixture.GrpcAddress);
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
        var wrongShape = new ModelInferRequest { ModelName = name };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "x", Datatype = "FP32", Contents = new InferTensorContents() };
        input.Shape.AddRange([1, 3]);
        input.Contents.Fp32Contents.AddRange([1f, 2f, 3f]);
        wrongShape.Inputs.Add(input);
        var unknown = wrongShape.Clone();
        unknown.ModelName = "no-such-deployment";

        var badShape = await Assert.ThrowsAsync<RpcException>(async () => await client.ModelInferAsync(wrongShape));
        var notFound = await Assert.ThrowsAsync<RpcException>(async () => await client.ModelInferAsync(unknown));

        Assert.Equal(StatusCode.InvalidArgument, badShape.StatusCode);
        Assert.Contains("[-1, 2]", badShape.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Contains("no-such-deployment", notFound.Status.Detail, StringComparison.Ordinal);
    }

    private async Task<string> DeployLinearAsync(float[] weights, float bias)
    {
        var model = Names.Unique("grpc");
        var version = await fixture.RegisterAsync(model, dir => ModelDirectories.Linear(dir, weights, bias));
        var name = Names.Unique("d");
        await fixture.DeployAsync(name, new JsonObject { ["model"] = $"models:/{model}/{version}" });
        return name;
    }

    private static ByteString RawOf(string datatype) => datatype switch
    {
        "BOOL" => ByteString.CopyFrom(1, 0, 0, 1),
        "UINT8" => ByteString.CopyFrom(0, 255, 7, 8),
        "UINT16" => Bytes<ushort>([0, 65535, 1, 2]),
        "UINT32" => Bytes<uint>([0, uint.MaxValue, 1, 2]),
        "UINT64" => Bytes<ulong>([0, ulong.MaxValue, 1, 2]),
        "INT8" => Bytes<sbyte>([-128, 127, 0, 1]),
        "INT16" => Bytes<short>([short.MinValue, short.MaxValue, 0, 1]),
        "INT32" => Bytes<int>([int.MinValue, int.MaxValue, 0, 1]),
        "INT64" => Bytes<long>([long.MinValue, long.MaxValue, 0, 1]),
        "FP16" => Bytes<Half>([(Half)0.5, (Half)(-2), (Half)1024, (Half)0.25]),
        "FP32" => Bytes<float>([1.5f, -2.25f, 3.125f, 0]),
        "FP64" => Bytes<double>([1e300, -2.5, 0.1, 0]),
        _ => LengthPrefixed(["héllo", string.Empty, "naïve ✓", "x"]),
    };

    private static ByteString Bytes<T>(T[] values)
        where T : unmanaged => ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));

    private static ByteString LengthPrefixed(string[] values)
    {
        using var buffer = new MemoryStream();
        foreach (var value in values)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(value);
            buffer.Write(BitConverter.GetBytes(bytes.Length));
            buffer.Write(bytes);
        }

        return ByteString.CopyFrom(buffer.ToArray());
    }
}
