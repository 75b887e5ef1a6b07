using System.Text.Json;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Protocols;

namespace Slipway.Serving.Tests.Protocols;

public sealed class V2ResponseWriterTests
{
    public static TheoryData<string> Datatypes { get; } = [.. OipDatatypes.All];

    [Theory]
    [MemberData(nameof(Datatypes))]
    public void Every_datatype_round_trips_through_v2_json(string datatype)
    {
        var original = new InferenceTensor("t", datatype, [2, 3], Sample(datatype));

        var read = RoundTrip(original);

        Assert.Equal(datatype, read.Datatype);
        Assert.Equal(original.Shape, read.Shape);
        Assert.Equal(original.Data, read.Data);
    }

    [Fact]
    public void Nested_request_data_comes_back_flat_in_the_same_order()
    {
        var request = V2RequestReader.Read(JsonText.Bytes("""{"inputs": [{"name": "x", "shape": [2, 2], "datatype": "INT16", "data": [[1, 2], [3, 4]]}]}"""));

        var json = Write(new InferenceResponse("m", "1", request.Inputs));

        Assert.Equal("""{"model_name":"m","model_version":"1","outputs":[{"name":"x","datatype":"INT16","shape":[2,2],"data":[1,2,3,4]}]}""", json);
    }

    [Fact]
    public void The_id_and_parameters_are_echoed()
    {
        var parameters = new Dictionary<string, object?> { ["sequence_id"] = 42L, ["note"] = "ok", ["ratio"] = 0.5, ["flag"] = true, ["tags"] = new object?[] { "a", 1L } };
        float[] data = [1.5f];
        var response = new InferenceResponse("m", "3", [new InferenceTensor("y", OipDatatypes.Fp32, [1], data)], "req-9", parameters);

        var json = Write(response);

        Assert.Equal(
            """{"model_name":"m","model_version":"3","id":"req-9","parameters":{"sequence_id":42,"note":"ok","ratio":0.5,"flag":true,"tags":["a",1]},"outputs":[{"name":"y","datatype":"FP32","shape":[1],"data":[1.5]}]}""",
            json);
    }

    [Fact]
    public void Fp16_is_written_as_the_shortest_number_that_reads_back_as_the_same_fp16()
    {
        // -65504 is FP16's lowest value; -65500 is nearer to it than to any other FP16.
        var json = Write(new InferenceResponse("m", "", [new InferenceTensor("h", OipDatatypes.Fp16, [3], new[] { (Half)0.1, (Half)(-65504), Half.Epsilon })]));

        Assert.Contains("\"data\":[0.1,-65500,6E-08]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Nan_and_infinities_are_written_as_strings_that_read_back()
    {
        var output = new InferenceTensor("y", OipDatatypes.Fp32, [4], new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1f });

        var json = Write(new InferenceResponse("m", "", [output]));

        Assert.Contains("\"data\":[\"NaN\",\"Infinity\",\"-Infinity\",1]", json, StringComparison.Ordinal);
        Assert.Equal(output.Data, RoundTrip(output).Data);
    }

    [Fact]
    public void Integer_extremes_are_written_exactly()
    {
        var json = Write(new InferenceResponse("m", "", [
            new InferenceTensor("u", OipDatatypes.U64, [1], new[] { ulong.MaxValue }),
            new InferenceTensor("i", OipDatatypes.I64, [2], new[] { long.MinValue, long.MaxValue }),
            new InferenceTensor("b", OipDatatypes.I8, [2], new sbyte[] { -128, 127 }),
        ]));

        Assert.Contains("[18446744073709551615]", json, StringComparison.Ordinal);
        Assert.Contains("[-9223372036854775808,9223372036854775807]", json, StringComparison.Ordinal);
        Assert.Contains("[-128,127]", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_id_and_parameters_are_left_out_when_unset()
    {
        bool[] data = [true];
        var json = Write(new InferenceResponse("m", "", [new InferenceTensor("y", OipDatatypes.Bool, [1], data)], null, new Dictionary<string, object?>()));

        Assert.Equal("""{"model_name":"m","outputs":[{"name":"y","datatype":"BOOL","shape":[1],"data":[true]}]}""", json);
    }

    [Fact]
    public void Server_metadata_lists_name_version_and_extensions()
    {
        var json = JsonText.Write(w => V2ResponseWriter.WriteServerMetadata(w, new ServerMetadata("slipway", "0.1.0", ["model_repository"])));

        Assert.Equal("""{"name":"slipway","version":"0.1.0","extensions":["model_repository"]}""", json);
    }

    [Fact]
    public void Model_metadata_lists_versions_platform_and_tensors_with_minus_one_for_any_size()
    {
        var metadata = new ModelMetadata(
            "churn", ["1", "2"], "onnxruntime_onnx",
            [new TensorSpec("x", OipDatatypes.Fp32, [-1, 4])],
            [new TensorSpec("y", OipDatatypes.I64, [-1])]);

        var json = JsonText.Write(w => V2ResponseWriter.WriteModelMetadata(w, metadata));

        Assert.Equal(
            """{"name":"churn","versions":["1","2"],"platform":"onnxruntime_onnx","inputs":[{"name":"x","datatype":"FP32","shape":[-1,4]}],"outputs":[{"name":"y","datatype":"INT64","shape":[-1]}]}""",
            json);
    }

    [Fact]
    public void An_error_is_an_object_with_its_message()
    {
        var json = JsonText.Write(w => V2ResponseWriter.WriteError(w, "Input 'x' has no 'data'."));

        Assert.Equal("""{"error":"Input 'x' has no 'data'."}""", json);
    }

    private static string Write(InferenceResponse response) => JsonText.Write(w => V2ResponseWriter.Write(w, response));

    // Writes the tensor as a response output, then reads that output object back as a request input.
    private static InferenceTensor RoundTrip(InferenceTensor tensor)
    {
        using var response = JsonDocument.Parse(Write(new InferenceResponse("m", "1", [tensor])));
        var request = $$"""{"inputs": {{response.RootElement.GetProperty("outputs").GetRawText()}}}""";
        return Assert.Single(V2RequestReader.Read(JsonText.Bytes(request)).Inputs);
    }

    private static Array Sample(string datatype) => datatype switch
    {
        OipDatatypes.Bool => new[] { true, false, true, false, false, true },
        OipDatatypes.U8 => new byte[] { 0, 1, 127, 128, 254, byte.MaxValue },
        OipDatatypes.U16 => new ushort[] { 0, 1, 255, 256, 65534, ushort.MaxValue },
        OipDatatypes.U32 => new uint[] { 0, 1, 65536, int.MaxValue, 4294967294, uint.MaxValue },
        OipDatatypes.U64 => new ulong[] { 0, 1, uint.MaxValue, long.MaxValue, (ulong)long.MaxValue + 1, ulong.MaxValue },
        OipDatatypes.I8 => new sbyte[] { sbyte.MinValue, -1, 0, 1, 100, sbyte.MaxValue },
        OipDatatypes.I16 => new short[] { short.MinValue, -1, 0, 1, 1000, short.MaxValue },
        OipDatatypes.I32 => new[] { int.MinValue, -1, 0, 1, 1_000_000, int.MaxValue },
        OipDatatypes.I64 => new[] { long.MinValue, -1, 0, 1, 1L << 53, long.MaxValue },
        OipDatatypes.Fp16 => new[] { (Half)0.1, Half.MinValue, Half.MaxValue, Half.Epsilon, Half.NaN, Half.NegativeInfinity },
        OipDatatypes.Fp32 => new[] { 0.1f, float.MinValue, float.MaxValue, float.Epsilon, float.NaN, float.PositiveInfinity },
        OipDatatypes.Fp64 => new[] { 0.1, double.MinValue, double.MaxValue, double.Epsilon, -0.0, double.NegativeInfinity },
        _ => new[] { "", "plain", "héllo wörld", "日本語", "🚀 emoji", "quote \" backslash \\ newline \n" },
    };
}
