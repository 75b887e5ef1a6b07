using System.Collections;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Slipway.Core.Errors;
using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Protocols.Grpc;

namespace Slipway.Serving.Tests.Protocols;

public sealed class GrpcTensorCodecTests
{
    public static TheoryData<string> EveryDatatype => [.. OipDatatypes.All];

    public static TheoryData<string> DatatypesWithTypedContents => [.. OipDatatypes.All.Where(d => d != OipDatatypes.Fp16)];

    [Theory]
    [MemberData(nameof(DatatypesWithTypedContents))]
    public void Every_datatype_round_trips_in_typed_contents(string datatype)
    {
        var sample = Sample(datatype);
        var sent = new ModelInferRequest { ModelName = "m" };
        sent.Inputs.Add(TypedInput(sample));

        var decoded = GrpcTensorCodec.Decode(OverTheWire(sent, ModelInferRequest.Parser));
        AssertSameTensor(sample, decoded.Inputs.Single());

        var answered = OverTheWire(
            GrpcTensorCodec.Encode(new InferenceResponse("m", "1", decoded.Inputs), raw: false), ModelInferResponse.Parser);
        Assert.Empty(answered.RawOutputContents);
        AssertSameTensor(sample, GrpcTensorCodec.Decode(AsRequest(answered)).Inputs.Single());
    }

    [Theory]
    [MemberData(nameof(EveryDatatype))]
    public void Every_datatype_round_trips_in_raw_contents(string datatype)
    {
        var sample = Sample(datatype);
        var sent = new ModelInferRequest { ModelName = "m" };
        sent.Inputs.Add(Header(sample));
        sent.RawInputContents.Add(RawBytes(sample));

        var decoded = GrpcTensorCodec.Decode(OverTheWire(sent, ModelInferRequest.Parser));
        AssertSameTensor(sample, decoded.Inputs.Single());

        var answered = OverTheWire(
            GrpcTensorCodec.Encode(new InferenceResponse("m", "1", decoded.Inputs), raw: true), ModelInferResponse.Parser);
        Assert.Null(answered.Outputs.Single().Contents);
        Assert.Equal(RawBytes(sample), answered.RawOutputContents.Single());
        AssertSameTensor(sample, GrpcTensorCodec.Decode(AsRequest(answered)).Inputs.Single());
    }

    [Theory]
    [InlineData(OipDatatypes.Bool, "bool_contents")]
    [InlineData(OipDatatypes.I8, "int_contents")]
    [InlineData(OipDatatypes.I16, "int_contents")]
    [InlineData(OipDatatypes.I32, "int_contents")]
    [InlineData(OipDatatypes.I64, "int64_contents")]
    [InlineData(OipDatatypes.U8, "uint_contents")]
    [InlineData(OipDatatypes.U16, "uint_contents")]
    [InlineData(OipDatatypes.U32, "uint_contents")]
    [InlineData(OipDatatypes.U64, "uint64_contents")]
    [InlineData(OipDatatypes.Fp32, "fp32_contents")]
    [InlineData(OipDatatypes.Fp64, "fp64_contents")]
    [InlineData(OipDatatypes.Bytes, "bytes_contents")]
    public void Typed_outputs_use_the_contents_field_the_protocol_gives_their_datatype(string datatype, string field)
    {
        var response = GrpcTensorCodec.Encode(new InferenceResponse("m", "1", [Sample(datatype)]), raw: false);

        var contents = response.Outputs.Single().Contents;
        foreach (var descriptor in InferTensorContents.Descriptor.Fields.InFieldNumberOrder())
        {
            var count = ((IList)descriptor.Accessor.GetValue(contents)).Count;
            Assert.Equal(descriptor.Name == field ? 6 : 0, count);
        }
    }

    [Fact]
    public void A_response_with_an_fp16_output_is_raw_throughout_since_fp16_has_no_typed_form()
    {
        var response = GrpcTensorCodec.Encode(
            new InferenceResponse("m", "1", [Sample(OipDatatypes.Fp32), Sample(OipDatatypes.Fp16)]), raw: false);

        Assert.Equal(2, response.RawOutputContents.Count);
        Assert.All(response.Outputs, o => Assert.Null(o.Contents));
        Assert.Equal(new[] { 1.5f, -2.25f, float.MaxValue, float.Epsilon, 0f, 1e-3f }, Decode(AsRequest(response)).Inputs[0].Data);
    }

    [Fact]
    public void Raw_fp32_is_little_endian_ieee_754_with_no_padding()
    {
        var tensor = new InferenceTensor("y", OipDatatypes.Fp32, [1, 2], new[] { 1f, -2f });

        var response = GrpcTensorCodec.Encode(new InferenceResponse("m", "1", [tensor]), raw: true);

        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0 }, response.RawOutputContents.Single().ToByteArray());
    }

    [Fact]
    public void Raw_bytes_elements_are_a_little_endian_length_then_utf8_text()
    {
        var tensor = new InferenceTensor("y", OipDatatypes.Bytes, [3], new[] { "日本", string.Empty, "é" });

        var raw = GrpcTensorCodec.Encode(new InferenceResponse("m", "1", [tensor]), raw: true).RawOutputContents.Single();

        byte[] expected = [6, 0, 0, 0, 0xE6, 0x97, 0xA5, 0xE6, 0x9C, 0xAC, 0, 0, 0, 0, 2, 0, 0, 0, 0xC3, 0xA9];
        Assert.Equal(expected, raw.ToByteArray());
    }

    [Fact]
    public void Unicode_text_survives_typed_and_raw_bytes_contents()
    {
        string[] text = ["naïve", "日本語のテキスト", "🚀 emoji", "Ωμέγα", string.Empty, "tab\tand\nnewline"];
        var tensor = new InferenceTensor("text", OipDatatypes.Bytes, [6], text);

        foreach (var raw in new[] { false, true })
        {
            var response = OverTheWire(GrpcTensorCodec.Encode(new InferenceResponse("m", "1", [tensor]), raw), ModelInferResponse.Parser);
            Assert.Equal(text, Decode(AsRequest(response)).Inputs.Single().Data);
        }

        Assert.Equal("🚀 emoji", TypedInput(tensor).Contents.BytesContents[2].ToStringUtf8());
    }

    [Fact]
    public void Raw_fp16_is_read_as_half_precision_values()
    {
        var request = Request(Input("h", OipDatatypes.Fp16, 3));
        request.RawInputContents.Add(ByteString.CopyFrom(0x00, 0x3C, 0x00, 0xC0, 0x00, 0x7C));

        Assert.Equal(new[] { (Half)1, (Half)(-2), Half.PositiveInfinity }, Decode(request).Inputs.Single().Data);
    }

    [Fact]
    public void Raw_bool_reads_any_non_zero_byte_as_true()
    {
        var request = Request(Input("b", OipDatatypes.Bool, 3));
        request.RawInputContents.Add(ByteString.CopyFrom(0, 1, 0xFF));

        var values = (bool[])Decode(request).Inputs.Single().Data;

        Assert.Equal([false, true, true], values);
        Assert.True(values[2].Equals(true));
    }

    [Fact]
    public void Several_raw_inputs_are_matched_to_inputs_in_order()
    {
        var request = Request(Input("a", OipDatatypes.I32, 2), Input("b", OipDatatypes.U8, 3));
        request.RawInputContents.Add(ByteString.CopyFrom(1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF));
        request.RawInputContents.Add(ByteString.CopyFrom(7, 8, 9));

        var inputs = Decode(request).Inputs;

        Assert.Equal(new[] { 1, -1 }, inputs[0].Data);
        Assert.Equal(new byte[] { 7, 8, 9 }, inputs[1].Data);
    }

    [Fact]
    public void Id_requested_outputs_and_every_kind_of_parameter_are_decoded()
    {
        var request = Request(Typed("x", OipDatatypes.Fp32, [1, 1], c => c.Fp32Contents.Add(1f)));
        request.Id = "req-7";
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "y" });
        request.Parameters["flag"] = new InferParameter { BoolParam = true };
        request.Parameters["count"] = new InferParameter { Int64Param = -3 };
        request.Parameters["mode"] = new InferParameter { StringParam = "fast" };
        request.Parameters["scale"] = new InferParameter { DoubleParam = 0.5 };
        request.Parameters["seed"] = new InferParameter { Uint64Param = ulong.MaxValue };
        request.Parameters["unset"] = new InferParameter();

        var decoded = Decode(request);

        Assert.Equal("req-7", decoded.Id);
        Assert.Equal(["y"], decoded.RequestedOutputs);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["flag"] = true,
                ["count"] = -3L,
                ["mode"] = "fast",
                ["scale"] = 0.5,
                ["seed"] = ulong.MaxValue,
                ["unset"] = null,
            },
            decoded.Parameters);
    }

    [Fact]
    public void An_empty_id_and_no_parameters_decode_as_absent()
    {
        var decoded = Decode(Request(Typed("x", OipDatatypes.Fp32, [1], c => c.Fp32Contents.Add(1f))));

        Assert.Null(decoded.Id);
        Assert.Null(decoded.Parameters);
        Assert.Empty(decoded.RequestedOutputs);
    }

    [Fact]
    public void Response_id_model_and_parameters_are_encoded_and_parse_back()
    {
        var parameters = new Dictionary<string, object?>
        {
            ["flag"] = false,
            ["count"] = 12L,
            ["small"] = 3,
            ["mode"] = "x",
            ["scale"] = 1.25,
            ["seed"] = 9UL,
            ["unset"] = null,
        };

        var response = OverTheWire(
            GrpcTensorCodec.Encode(new InferenceResponse("churn", "4", [], "req-1", parameters), raw: false), ModelInferResponse.Parser);

        Assert.Equal(("churn", "4", "req-1"), (response.ModelName, response.ModelVersion, response.Id));
        Assert.False(response.Parameters["flag"].BoolParam);
        Assert.Equal(12, response.Parameters["count"].Int64Param);
        Assert.Equal(3, response.Parameters["small"].Int64Param);
        Assert.Equal("x", response.Parameters["mode"].StringParam);
        Assert.Equal(1.25, response.Parameters["scale"].DoubleParam);
        Assert.Equal(9UL, response.Parameters["seed"].Uint64Param);
        Assert.Equal(InferParameter.ParameterChoiceOneofCase.None, response.Parameters["unset"].ParameterChoiceCase);
    }

    [Fact]
    public void A_thousand_rows_of_fp32_decode_and_encode_in_both_forms()
    {
        var values = Enumerable.Range(0, 4_000).Select(i => i * 0.25f).ToArray();
        var tensor = new InferenceTensor("x", OipDatatypes.Fp32, [1_000, 4], values);
        var typed = Request(TypedInput(tensor));
        var raw = Request(Header(tensor));
        raw.RawInputContents.Add(RawBytes(tensor));

        Assert.Equal(values, Decode(typed).Inputs.Single().Data);
        Assert.Equal(values, Decode(raw).Inputs.Single().Data);
        Assert.Equal(values, GrpcTensorCodec.Encode(new InferenceResponse("m", "1", [tensor]), raw: false).Outputs[0].Contents.Fp32Contents);
    }

    [Fact]
    public void Raw_contents_whose_length_does_not_fit_the_shape_are_refused_naming_the_input()
    {
        var request = Request(Input("features", OipDatatypes.Fp32, 2, 2));
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[12]));

        Assert.Equal(
            "Input 'features' has 12 bytes of raw contents but FP32 shape [2, 2] needs 16 (4 elements of 4 bytes).",
            Refused(request));
    }

    [Fact]
    public void Typed_and_raw_contents_in_one_request_are_refused()
    {
        var request = Request(Typed("a", OipDatatypes.Fp32, [1], c => c.Fp32Contents.Add(1f)));
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[4]));

        var message = Refused(request);

        Assert.Contains("Input 'a' has typed contents", message, StringComparison.Ordinal);
        Assert.Contains("raw_input_contents", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_contents_message_beside_raw_contents_is_accepted()
    {
        var input = Input("a", OipDatatypes.Fp32, 1);
        input.Contents = new InferTensorContents();
        var request = Request(input);
        request.RawInputContents.Add(ByteString.CopyFrom(0, 0, 0x80, 0x3F));

        Assert.Equal(1f, Assert.Single((float[])Decode(request).Inputs.Single().Data));
    }

    [Fact]
    public void A_raw_entry_count_other_than_the_input_count_is_refused()
    {
        var request = Request(Input("a", OipDatatypes.U8, 1), Input("b", OipDatatypes.U8, 1));
        request.RawInputContents.Add(ByteString.CopyFrom(1));

        Assert.Equal(
            "The request has 1 raw_input_contents entries but 2 inputs; raw contents need one entry per input, in order.",
            Refused(request));
    }

    [Theory]
    [InlineData(OipDatatypes.I8, 128, "value 128 at index 1 is out of range for INT8 (-128 to 127)")]
    [InlineData(OipDatatypes.I8, -129, "value -129 at index 1 is out of range for INT8 (-128 to 127)")]
    [InlineData(OipDatatypes.I16, 40_000, "value 40000 at index 1 is out of range for INT16 (-32768 to 32767)")]
    public void A_signed_integer_out_of_its_datatype_range_is_refused(string datatype, int value, string expected)
    {
        var request = Request(Typed("n", datatype, [2], c => c.IntContents.Add([1, value])));

        Assert.Equal($"Input 'n' {expected}.", Refused(request));
    }

    [Theory]
    [InlineData(OipDatatypes.U8, 256u, "value 256 at index 1 is out of range for UINT8 (0 to 255)")]
    [InlineData(OipDatatypes.U16, 70_000u, "value 70000 at index 1 is out of range for UINT16 (0 to 65535)")]
    public void An_unsigned_integer_out_of_its_datatype_range_is_refused(string datatype, uint value, string expected)
    {
        var request = Request(Typed("n", datatype, [2], c => c.UintContents.Add([1, value])));

        Assert.Equal($"Input 'n' {expected}.", Refused(request));
    }

    [Fact]
    public void An_unknown_datatype_is_refused_listing_the_protocols_datatypes()
    {
        var message = Refused(Request(Typed("x", "FLOAT32", [1], c => c.Fp32Contents.Add(1f))));

        Assert.StartsWith("Input 'x' has datatype 'FLOAT32', which the protocol does not define; expected one of BOOL, UINT8,", message, StringComparison.Ordinal);
        Assert.Contains("FP32", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_datatype_is_refused()
    {
        Assert.StartsWith("Input 'x' has no datatype", Refused(Request(Typed("x", string.Empty, [1], _ => { }))), StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_without_a_name_is_refused_by_position()
    {
        var request = Request(Typed("a", OipDatatypes.Fp32, [1], c => c.Fp32Contents.Add(1f)), Typed(string.Empty, OipDatatypes.Fp32, [1], c => c.Fp32Contents.Add(1f)));

        Assert.Equal("Input 1 has no name; every input needs one.", Refused(request));
    }

    [Fact]
    public void A_requested_output_without_a_name_is_refused()
    {
        var request = Request(Typed("a", OipDatatypes.Fp32, [1], c => c.Fp32Contents.Add(1f)));
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor());

        Assert.StartsWith("Requested output 0 has no name", Refused(request), StringComparison.Ordinal);
    }

    [Fact]
    public void A_typed_value_count_that_does_not_fit_the_shape_is_refused()
    {
        var request = Request(Typed("features", OipDatatypes.Fp32, [2, 3], c => c.Fp32Contents.Add([1f, 2f, 3f, 4f, 5f])));

        Assert.Equal("Input 'features' has 5 values in fp32_contents but its shape [2, 3] needs 6.", Refused(request));
    }

    [Fact]
    public void Values_in_another_datatypes_field_are_refused_naming_the_right_field()
    {
        var request = Request(Typed("features", OipDatatypes.Fp32, [2], c => c.Fp64Contents.Add([1.0, 2.0])));

        Assert.Equal("Input 'features' is FP32, whose values go in fp32_contents, but has values in fp64_contents.", Refused(request));
    }

    [Fact]
    public void Fp16_without_raw_contents_is_refused_pointing_at_raw_input_contents()
    {
        var message = Refused(Request(Input("h", OipDatatypes.Fp16, 2)));

        Assert.Equal("Input 'h' is FP16, which has no typed contents field; send FP16 in raw_input_contents.", message);
    }

    [Fact]
    public void A_negative_dimension_is_refused()
    {
        Assert.Equal(
            "Input 'x' has shape [-1, 4]; every dimension of a request's tensor must be 0 or more.",
            Refused(Request(Input("x", OipDatatypes.Fp32, -1, 4))));
    }

    [Fact]
    public void A_shape_too_large_for_any_array_is_refused_before_anything_is_allocated()
    {
        var request = Request(Input("x", OipDatatypes.Fp32, 1_000_000, 1_000_000));
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[4]));

        Assert.StartsWith("Input 'x' has shape [1000000, 1000000], more than the", Refused(request), StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_bytes_contents_that_end_inside_an_element_are_refused()
    {
        var request = Request(Input("s", OipDatatypes.Bytes, 2));
        request.RawInputContents.Add(ByteString.CopyFrom(1, 0, 0, 0, (byte)'a', 9, 0, 0, 0, (byte)'b'));

        Assert.Equal("Input 's' raw BYTES element 1 says it has 9 bytes but only 1 remain.", Refused(request));
    }

    [Fact]
    public void Raw_bytes_contents_with_bytes_left_over_are_refused()
    {
        var request = Request(Input("s", OipDatatypes.Bytes, 1));
        request.RawInputContents.Add(ByteString.CopyFrom(1, 0, 0, 0, (byte)'a', 0));

        Assert.Equal("Input 's' raw BYTES contents have 1 bytes left over after the 1 elements its shape [1] needs.", Refused(request));
    }

    [Fact]
    public void Raw_bytes_contents_too_short_for_the_element_count_are_refused()
    {
        var request = Request(Input("s", OipDatatypes.Bytes, 3));
        request.RawInputContents.Add(ByteString.CopyFrom(0, 0, 0, 0));

        Assert.StartsWith("Input 's' has 4 bytes of raw BYTES contents, too few for the 3 elements", Refused(request), StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_text_are_refused_naming_the_element()
    {
        var request = Request(Typed("s", OipDatatypes.Bytes, [2], c => c.BytesContents.Add([ByteString.CopyFromUtf8("ok"), ByteString.CopyFrom(0xFF, 0xFE)])));

        Assert.Equal("Input 's' BYTES element 1 is not UTF-8 text; Slipway's BYTES tensors carry text.", Refused(request));
    }

    [Fact]
    public void Model_metadata_lists_versions_platform_and_the_signature()
    {
        var signature = new ModelSignature(
            [new TensorSpec("x", OipDatatypes.Fp32, [-1, 4])],
            [new TensorSpec("y", OipDatatypes.Fp32, [-1, 1]), new TensorSpec("label", OipDatatypes.Bytes, [-1])]);

        var metadata = OverTheWire(GrpcTensorCodec.ModelMetadata("churn", ["3", "4"], "onnx", signature), ModelMetadataResponse.Parser);

        Assert.Equal(("churn", "onnx"), (metadata.Name, metadata.Platform));
        Assert.Equal(["3", "4"], metadata.Versions);
        Assert.Equal(["x FP32 [-1, 4]"], metadata.Inputs.Select(Describe));
        Assert.Equal(["y FP32 [-1, 1]", "label BYTES [-1]"], metadata.Outputs.Select(Describe));
    }

    [Fact]
    public void Server_metadata_carries_name_version_and_extensions()
    {
        var metadata = OverTheWire(GrpcTensorCodec.ServerMetadata("slipway", "1.2.0", ["model_repository"]), ServerMetadataResponse.Parser);

        Assert.Equal(("slipway", "1.2.0"), (metadata.Name, metadata.Version));
        Assert.Equal(["model_repository"], metadata.Extensions);
    }

    [Fact]
    public void A_request_is_answered_raw_exactly_when_it_sent_raw_inputs()
    {
        var typed = Request(Typed("a", OipDatatypes.Fp32, [1], c => c.Fp32Contents.Add(1f)));
        var raw = Request(Input("a", OipDatatypes.Fp32, 1));
        raw.RawInputContents.Add(ByteString.CopyFrom(new byte[4]));

        Assert.False(GrpcTensorCodec.AnswersRaw(typed));
        Assert.True(GrpcTensorCodec.AnswersRaw(raw));
    }

    [Fact]
    public void A_request_serialized_by_the_generated_code_parses_identically()
    {
        var request = Request(TypedInput(Sample(OipDatatypes.Fp32)), TypedInput(Sample(OipDatatypes.Bytes)));
        request.ModelName = "churn";
        request.ModelVersion = "4";
        request.Id = "r";
        request.Parameters["priority"] = new InferParameter { Int64Param = 2 };
        request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "y" });

        var parsed = ModelInferRequest.Parser.ParseFrom(request.ToByteArray());

        Assert.Equal(request, parsed);
        Assert.Equal(request.ToByteArray(), parsed.ToByteArray());
    }

    [Fact]
    public void The_wire_bytes_are_those_a_stock_client_sends_for_the_same_request()
    {
        // What tritonclient and kserve put on the wire for model "m", one FP32 input "x" of shape [1] sent raw as 1.0:
        // field 1 (model_name), field 5 (inputs: name 1, datatype 2, packed shape 3), field 7 (raw_input_contents).
        byte[] stock =
        [
            0x0A, 0x01, (byte)'m',
            0x2A, 0x0C, 0x0A, 0x01, (byte)'x', 0x12, 0x04, (byte)'F', (byte)'P', (byte)'3', (byte)'2', 0x1A, 0x01, 0x01,
            0x3A, 0x04, 0x00, 0x00, 0x80, 0x3F,
        ];
        var request = Request(Input("x", OipDatatypes.Fp32, 1));
        request.ModelName = "m";
        request.RawInputContents.Add(ByteString.CopyFrom(0x00, 0x00, 0x80, 0x3F));

        Assert.Equal(stock, request.ToByteArray());
        Assert.Equal(1f, Assert.Single((float[])Decode(ModelInferRequest.Parser.ParseFrom(stock)).Inputs.Single().Data));
    }

    [Fact]
    public void The_generated_client_calls_the_protocols_method_paths_with_messages_that_parse_identically()
    {
        var sent = Request(TypedInput(Sample(OipDatatypes.Fp32)));
        sent.ModelName = "m";
        var invoker = new LoopbackCallInvoker((method, bytes) =>
        {
            var received = ModelInferRequest.Parser.ParseFrom(bytes);
            Assert.Equal(sent, received);
            var request = GrpcTensorCodec.Decode(received);
            return GrpcTensorCodec.Encode(new InferenceResponse("m", "1", request.Inputs), GrpcTensorCodec.AnswersRaw(received)).ToByteArray();
        });
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(invoker);

        var response = client.ModelInfer(sent);

        Assert.Equal(["/inference.GRPCInferenceService/ModelInfer"], invoker.Methods);
        Assert.Equal((float[])Sample(OipDatatypes.Fp32).Data, response.Outputs.Single().Contents.Fp32Contents);
    }

    [Fact]
    public void The_service_and_messages_keep_the_protocols_names_and_field_numbers()
    {
        string[] expected =
        [
            "rpc ServerLive(inference.ServerLiveRequest) returns inference.ServerLiveResponse",
            "rpc ServerReady(inference.ServerReadyRequest) returns inference.ServerReadyResponse",
            "rpc ModelReady(inference.ModelReadyRequest) returns inference.ModelReadyResponse",
            "rpc ServerMetadata(inference.ServerMetadataRequest) returns inference.ServerMetadataResponse",
            "rpc ModelMetadata(inference.ModelMetadataRequest) returns inference.ModelMetadataResponse",
            "rpc ModelInfer(inference.ModelInferRequest) returns inference.ModelInferResponse",
            "inference.ServerLiveResponse.live = 1 bool",
            "inference.ServerReadyResponse.ready = 1 bool",
            "inference.ModelReadyRequest.name = 1 string",
            "inference.ModelReadyRequest.version = 2 string",
            "inference.ModelReadyResponse.ready = 1 bool",
            "inference.ServerMetadataResponse.name = 1 string",
            "inference.ServerMetadataResponse.version = 2 string",
            "inference.ServerMetadataResponse.extensions = 3 repeated string",
            "inference.ModelMetadataRequest.name = 1 string",
            "inference.ModelMetadataRequest.version = 2 string",
            "inference.ModelMetadataResponse.name = 1 string",
            "inference.ModelMetadataResponse.versions = 2 repeated string",
            "inference.ModelMetadataResponse.platform = 3 string",
            "inference.ModelMetadataResponse.inputs = 4 repeated inference.ModelMetadataResponse.TensorMetadata",
            "inference.ModelMetadataResponse.outputs = 5 repeated inference.ModelMetadataResponse.TensorMetadata",
            "inference.ModelMetadataResponse.TensorMetadata.name = 1 string",
            "inference.ModelMetadataResponse.TensorMetadata.datatype = 2 string",
            "inference.ModelMetadataResponse.TensorMetadata.shape = 3 repeated int64",
            "inference.ModelInferRequest.model_name = 1 string",
            "inference.ModelInferRequest.model_version = 2 string",
            "inference.ModelInferRequest.id = 3 string",
            "inference.ModelInferRequest.parameters = 4 map<string, inference.InferParameter>",
            "inference.ModelInferRequest.inputs = 5 repeated inference.ModelInferRequest.InferInputTensor",
            "inference.ModelInferRequest.outputs = 6 repeated inference.ModelInferRequest.InferRequestedOutputTensor",
            "inference.ModelInferRequest.raw_input_contents = 7 repeated bytes",
            "inference.ModelInferRequest.InferInputTensor.name = 1 string",
            "inference.ModelInferRequest.InferInputTensor.datatype = 2 string",
            "inference.ModelInferRequest.InferInputTensor.shape = 3 repeated int64",
            "inference.ModelInferRequest.InferInputTensor.parameters = 4 map<string, inference.InferParameter>",
            "inference.ModelInferRequest.InferInputTensor.contents = 5 inference.InferTensorContents",
            "inference.ModelInferRequest.InferRequestedOutputTensor.name = 1 string",
            "inference.ModelInferRequest.InferRequestedOutputTensor.parameters = 2 map<string, inference.InferParameter>",
            "inference.ModelInferResponse.model_name = 1 string",
            "inference.ModelInferResponse.model_version = 2 string",
            "inference.ModelInferResponse.id = 3 string",
            "inference.ModelInferResponse.parameters = 4 map<string, inference.InferParameter>",
            "inference.ModelInferResponse.outputs = 5 repeated inference.ModelInferResponse.InferOutputTensor",
            "inference.ModelInferResponse.raw_output_contents = 6 repeated bytes",
            "inference.ModelInferResponse.InferOutputTensor.name = 1 string",
            "inference.ModelInferResponse.InferOutputTensor.datatype = 2 string",
            "inference.ModelInferResponse.InferOutputTensor.shape = 3 repeated int64",
            "inference.ModelInferResponse.InferOutputTensor.parameters = 4 map<string, inference.InferParameter>",
            "inference.ModelInferResponse.InferOutputTensor.contents = 5 inference.InferTensorContents",
            "inference.InferParameter.bool_param = 1 bool (oneof parameter_choice)",
            "inference.InferParameter.int64_param = 2 int64 (oneof parameter_choice)",
            "inference.InferParameter.string_param = 3 string (oneof parameter_choice)",
            "inference.InferParameter.double_param = 4 double (oneof parameter_choice)",
            "inference.InferParameter.uint64_param = 5 uint64 (oneof parameter_choice)",
            "inference.InferTensorContents.bool_contents = 1 repeated bool",
            "inference.InferTensorContents.int_contents = 2 repeated int32",
            "inference.InferTensorContents.int64_contents = 3 repeated int64",
            "inference.InferTensorContents.uint_contents = 4 repeated uint32",
            "inference.InferTensorContents.uint64_contents = 5 repeated uint64",
            "inference.InferTensorContents.fp32_contents = 6 repeated float",
            "inference.InferTensorContents.fp64_contents = 7 repeated double",
            "inference.InferTensorContents.bytes_contents = 8 repeated bytes",
        ];

        var file = GrpcServiceReflection.Descriptor;
        var actual = file.Services.Single().Methods
            .Select(m => $"rpc {m.Name}({m.InputType.FullName}) returns {m.OutputType.FullName}")
            .Concat(file.MessageTypes.SelectMany(Schema))
            .ToList();

        Assert.Equal("inference", file.Package);
        Assert.Equal("inference.GRPCInferenceService", file.Services.Single().FullName);
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> Schema(MessageDescriptor message)
    {
        if (message.GetOptions()?.MapEntry == true)
        {
            yield break;
        }

        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            var type = field.IsMap
                ? $"map<{ProtoType(field.MessageType.FindFieldByNumber(1))}, {ProtoType(field.MessageType.FindFieldByNumber(2))}>"
                : (field.IsRepeated ? "repeated " : string.Empty) + ProtoType(field);
            var oneof = field.RealContainingOneof is { } o ? $" (oneof {o.Name})" : string.Empty;
            yield return $"{field.FullName} = {field.FieldNumber} {type}{oneof}";
        }

        foreach (var nested in message.NestedTypes.SelectMany(Schema))
        {
            yield return nested;
        }
    }

    private static string ProtoType(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Bool => "bool",
        FieldType.Int32 => "int32",
        FieldType.Int64 => "int64",
        FieldType.UInt32 => "uint32",
        FieldType.UInt64 => "uint64",
        FieldType.Float => "float",
        FieldType.Double => "double",
        FieldType.String => "string",
        FieldType.Bytes => "bytes",
        FieldType.Message => field.MessageType.FullName,
        _ => field.FieldType.ToString(),
    };

    /// <summary>Six values of the datatype in shape [2, 3], with its extremes where it has them.</summary>
    private static InferenceTensor Sample(string datatype)
    {
        Array data = datatype switch
        {
            OipDatatypes.Bool => new[] { true, false, true, true, false, false },
            OipDatatypes.U8 => new byte[] { 0, 1, 127, 128, 255, 42 },
            OipDatatypes.U16 => new ushort[] { 0, 1, 255, 256, ushort.MaxValue, 42 },
            OipDatatypes.U32 => new uint[] { 0, 1, 65_536, int.MaxValue, uint.MaxValue, 42 },
            OipDatatypes.U64 => new ulong[] { 0, 1, uint.MaxValue, long.MaxValue, ulong.MaxValue, 42 },
            OipDatatypes.I8 => new sbyte[] { sbyte.MinValue, -1, 0, 1, sbyte.MaxValue, 42 },
            OipDatatypes.I16 => new short[] { short.MinValue, -1, 0, 1, short.MaxValue, 42 },
            OipDatatypes.I32 => new[] { int.MinValue, -1, 0, 1, int.MaxValue, 42 },
            OipDatatypes.I64 => new[] { long.MinValue, -1, 0, 1, long.MaxValue, 42 },
            OipDatatypes.Fp16 => new[] { (Half)1.5, (Half)(-2.25), Half.MaxValue, Half.Epsilon, (Half)0, Half.NegativeInfinity },
            OipDatatypes.Fp32 => new[] { 1.5f, -2.25f, float.MaxValue, float.Epsilon, 0f, 1e-3f },
            OipDatatypes.Fp64 => new[] { 1.5, -2.25, double.MaxValue, double.Epsilon, 0, 1e-300 },
            OipDatatypes.Bytes => new[] { string.Empty, "abc", "héllo", "日本語", "🚀", "x y" },
            _ => throw new ArgumentOutOfRangeException(nameof(datatype), datatype, null),
        };
        return new InferenceTensor("x", datatype, [2, 3], data);
    }

    /// <summary>The tensor as a stock client writes it in typed form, per the protocol's field for each datatype.</summary>
    private static ModelInferRequest.Types.InferInputTensor TypedInput(InferenceTensor tensor)
    {
        var input = Header(tensor);
        var contents = input.Contents = new InferTensorContents();
        // By datatype, since the runtime lets a uint[] pass for an int[] (and byte[] for sbyte[] ...).
        var data = tensor.Data;
        switch (tensor.Datatype)
        {
            case OipDatatypes.Bool: contents.BoolContents.Add((bool[])data); break;
            case OipDatatypes.U8: contents.UintContents.Add(((byte[])data).Select(x => (uint)x)); break;
            case OipDatatypes.U16: contents.UintContents.Add(((ushort[])data).Select(x => (uint)x)); break;
            case OipDatatypes.U32: contents.UintContents.Add((uint[])data); break;
            case OipDatatypes.U64: contents.Uint64Contents.Add((ulong[])data); break;
            case OipDatatypes.I8: contents.IntContents.Add(((sbyte[])data).Select(x => (int)x)); break;
            case OipDatatypes.I16: contents.IntContents.Add(((short[])data).Select(x => (int)x)); break;
            case OipDatatypes.I32: contents.IntContents.Add((int[])data); break;
            case OipDatatypes.I64: contents.Int64Contents.Add((long[])data); break;
            case OipDatatypes.Fp32: contents.Fp32Contents.Add((float[])data); break;
            case OipDatatypes.Fp64: contents.Fp64Contents.Add((double[])data); break;
            case OipDatatypes.Bytes: contents.BytesContents.Add(((string[])data).Select(ByteString.CopyFromUtf8)); break;
            default: throw new ArgumentException($"{tensor.Datatype} has no typed form.", nameof(tensor));
        }

        return input;
    }

    /// <summary>
    /// The tensor's raw form as the protocol lays it out, written element by element independently of the codec
    /// (BinaryWriter is little-endian on every machine).
    /// </summary>
    private static ByteString RawBytes(InferenceTensor tensor)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            foreach (var value in tensor.Data)
            {
                switch (value)
                {
                    case bool v: writer.Write(v); break;
                    case byte v: writer.Write(v); break;
                    case sbyte v: writer.Write(v); break;
                    case ushort v: writer.Write(v); break;
                    case short v: writer.Write(v); break;
                    case Half v: writer.Write(v); break;
                    case uint v: writer.Write(v); break;
                    case int v: writer.Write(v); break;
                    case float v: writer.Write(v); break;
                    case ulong v: writer.Write(v); break;
                    case long v: writer.Write(v); break;
                    case double v: writer.Write(v); break;
                    case string v:
                        var text = Encoding.UTF8.GetBytes(v);
                        writer.Write(text.Length);
                        writer.Write(text);
                        break;
                    default: throw new ArgumentException($"{value?.GetType()} is not a tensor element.", nameof(tensor));
                }
            }
        }

        return ByteString.CopyFrom(stream.ToArray());
    }

    private static ModelInferRequest.Types.InferInputTensor Header(InferenceTensor tensor)
    {
        var input = new ModelInferRequest.Types.InferInputTensor { Name = tensor.Name, Datatype = tensor.Datatype };
        input.Shape.Add(tensor.Shape);
        return input;
    }

    private static ModelInferRequest.Types.InferInputTensor Input(string name, string datatype, params long[] shape)
    {
        var input = new ModelInferRequest.Types.InferInputTensor { Name = name, Datatype = datatype };
        input.Shape.Add(shape);
        return input;
    }

    private static ModelInferRequest.Types.InferInputTensor Typed(string name, string datatype, long[] shape, Action<InferTensorContents> fill)
    {
        var input = Input(name, datatype, shape);
        input.Contents = new InferTensorContents();
        fill(input.Contents);
        return input;
    }

    private static ModelInferRequest Request(params ModelInferRequest.Types.InferInputTensor[] inputs)
    {
        var request = new ModelInferRequest { ModelName = "m" };
        request.Inputs.Add(inputs);
        return request;
    }

    /// <summary>A response read back as the request a client would send with the same tensors, to decode it with the codec.</summary>
    private static ModelInferRequest AsRequest(ModelInferResponse response)
    {
        var request = new ModelInferRequest { ModelName = response.ModelName };
        foreach (var output in response.Outputs)
        {
            var input = new ModelInferRequest.Types.InferInputTensor { Name = output.Name, Datatype = output.Datatype, Contents = output.Contents };
            input.Shape.Add(output.Shape);
            request.Inputs.Add(input);
        }

        request.RawInputContents.Add(response.RawOutputContents);
        return request;
    }

    private static T OverTheWire<T>(T message, MessageParser<T> parser)
        where T : IMessage<T> => parser.ParseFrom(message.ToByteArray());

    private static InferenceRequest Decode(ModelInferRequest request) => GrpcTensorCodec.Decode(OverTheWire(request, ModelInferRequest.Parser));

    private static string Refused(ModelInferRequest request)
    {
        var error = Assert.Throws<SlipwayException>(() => Decode(request));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        return error.Message;
    }

    private static void AssertSameTensor(InferenceTensor expected, InferenceTensor actual)
    {
        Assert.Equal(expected.ToString(), actual.ToString());
        Assert.Equal(expected.Data.GetType(), actual.Data.GetType());
        Assert.Equal(expected.Data.Cast<object>(), actual.Data.Cast<object>());
    }

    private static string Describe(ModelMetadataResponse.Types.TensorMetadata tensor) =>
        $"{tensor.Name} {tensor.Datatype} [{string.Join(", ", tensor.Shape)}]";
}
