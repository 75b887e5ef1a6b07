using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Protocols;

namespace Slipway.Serving.Tests.Protocols;

public sealed class V1CodecTests
{
    private static readonly ModelSignature Linear = new(
        [new TensorSpec("x", OipDatatypes.Fp32, [-1, 4])],
        [new TensorSpec("y", OipDatatypes.Fp32, [-1, 1])]);

    private static readonly ModelSignature Columns = new(
        [new TensorSpec("age", OipDatatypes.I64, [-1]), new TensorSpec("plan", OipDatatypes.Bytes, [-1]), new TensorSpec("spend", OipDatatypes.Fp32, [-1])],
        [new TensorSpec("Score", OipDatatypes.Fp32, [-1]), new TensorSpec("PredictedLabel", OipDatatypes.Bool, [-1])]);

    [Fact]
    public void Rows_of_numbers_feed_a_single_input_with_the_signature_datatype()
    {
        var request = Read("""{"instances": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}""", Linear);

        var x = Assert.Single(request.Inputs);
        Assert.Equal(OipDatatypes.Fp32, x.Datatype);
        Assert.Equal([2L, 4L], x.Shape);
        Assert.Equal([6.8f, 2.8f, 4.8f, 1.4f, 6.0f, 3.4f, 4.5f, 1.6f], (float[])x.Data);
        SignatureCheck.Validate(Linear, request);
    }

    [Fact]
    public void Scalars_feed_a_single_input_that_takes_one_value_per_row()
    {
        var signature = new ModelSignature([new TensorSpec("n", OipDatatypes.I32, [-1])], []);

        var request = Read("""{"instances": [1, 2, 3]}""", signature);

        Assert.Equal([3L], request.Inputs[0].Shape);
        Assert.Equal([1, 2, 3], (int[])request.Inputs[0].Data);
    }

    [Fact]
    public void Objects_name_each_input_of_a_multi_input_model()
    {
        var request = Read("""
            {"instances": [
              {"age": 31, "plan": "pro", "spend": 12.5},
              {"spend": 0, "age": 70, "plan": "free"}
            ]}
            """, Columns);

        Assert.Equal([31L, 70L], (long[])request.Inputs[0].Data);
        Assert.Equal(["pro", "free"], (string[])request.Inputs[1].Data);
        Assert.Equal([12.5f, 0f], (float[])request.Inputs[2].Data);
        SignatureCheck.Validate(Columns, request);
    }

    [Fact]
    public void Lists_feed_one_value_per_input_when_every_input_takes_one_value_per_row()
    {
        var request = Read("""{"instances": [[31, "pro", 12.5]]}""", Columns);

        Assert.Equal([1L], request.Inputs[0].Shape);
        Assert.Equal(["pro"], (string[])request.Inputs[1].Data);
    }

    [Fact]
    public void Rows_of_any_size_dimension_take_their_size_from_the_first_row()
    {
        var signature = new ModelSignature([new TensorSpec("tokens", OipDatatypes.I64, [-1, -1])], []);

        var request = Read("""{"instances": [[1, 2, 3], [4, 5, 6]]}""", signature);

        Assert.Equal([2L, 3L], request.Inputs[0].Shape);
    }

    [Fact]
    public void A_row_of_the_wrong_length_is_refused_naming_the_instance_and_input()
    {
        var message = Refusal("""{"instances": [[1, 2, 3, 4], [1, 2, 3]]}""", Linear);

        Assert.Equal("Instance 1, input 'x': the list has 3 elements but input 'x' (FP32[-1, 4]) needs 4.", message);
    }

    [Fact]
    public void Ragged_rows_are_refused()
    {
        var signature = new ModelSignature([new TensorSpec("tokens", OipDatatypes.I64, [-1, -1])], []);

        var message = Refusal("""{"instances": [[1, 2, 3], [4, 5]]}""", signature);

        Assert.Equal("Instance 1, input 'tokens': the list has 2 elements but earlier lists at that depth have 3.", message);
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_refused_naming_the_instance_and_element()
    {
        var message = Refusal("""{"instances": [[1, 2, "three", 4]]}""", Linear);

        Assert.Equal("Instance 0, input 'x': element 2 is \"three\", not a number (FP32).", message);
    }

    [Theory]
    [InlineData("""{"instances": [{"age": 1, "plan": "a"}]}""", "Instance 0 has no 'spend'.")]
    [InlineData("""{"instances": [{"age": 1, "plan": "a", "spend": 1, "extra": 2}]}""", "Instance 0 names 'extra', which is not an input of this model; it takes age, plan, spend.")]
    [InlineData("""{"instances": [{"age": 1.5, "plan": "a", "spend": 1}]}""", "Instance 0, input 'age' is 1.5, not an integer from -9223372036854775808 to 9223372036854775807 (INT64).")]
    [InlineData("""{"instances": [[1, "a"]]}""", "Instance 0 has 2 values; the model takes one per input: age, plan, spend.")]
    [InlineData("""{"instances": [5]}""", "Instance 0 is 5; with several inputs each instance must be an object naming them: age, plan, spend.")]
    [InlineData("""{"instances": []}""", "'instances' is empty.")]
    [InlineData("""{"inputs": [[1]]}""", "The request has no 'instances'.")]
    public void Instances_that_do_not_fit_the_signature_are_refused_saying_why(string json, string expected)
    {
        Assert.Equal(expected, Refusal(json, Columns));
    }

    [Fact]
    public void A_single_output_gives_each_row_its_value()
    {
        var response = new InferenceResponse("m", "1", [TestTensors.Of("y", OipDatatypes.Fp32, [2, 1], 5.5f, 0.25f)]);

        var json = JsonText.Write(w => V1Codec.WriteResponse(w, response));

        Assert.Equal("""{"predictions":[[5.5],[0.25]]}""", json);
    }

    [Fact]
    public void Several_outputs_give_an_object_per_row()
    {
        var response = new InferenceResponse("m", "1", [
            TestTensors.Of("Score", OipDatatypes.Fp32, [2], 0.9f, 0.1f),
            TestTensors.Of("PredictedLabel", OipDatatypes.Bool, [2], true, false),
        ]);

        var json = JsonText.Write(w => V1Codec.WriteResponse(w, response));

        Assert.Equal("""{"predictions":[{"Score":0.9,"PredictedLabel":true},{"Score":0.1,"PredictedLabel":false}]}""", json);
    }

    private static InferenceRequest Read(string json, ModelSignature signature) => V1Codec.ReadRequest(JsonText.Bytes(json), signature);

    private static string Refusal(string json, ModelSignature signature) =>
        JsonText.Refusal(() => V1Codec.ReadRequest(JsonText.Bytes(json), signature));
}
