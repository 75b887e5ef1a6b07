using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Protocols;

namespace Slipway.Serving.Tests.Protocols;

public sealed class MlflowInvocationsCodecTests
{
    private const string Json = "application/json";
    private const string Csv = "text/csv";

    // An ONNX model: one input of four features.
    private static readonly ModelSignature Linear = new(
        [new TensorSpec("x", OipDatatypes.Fp32, [-1, 4])],
        [new TensorSpec("y", OipDatatypes.Fp32, [-1, 1])]);

    // An ML.NET model: a column per input.
    private static readonly ModelSignature Columns = new(
        [new TensorSpec("age", OipDatatypes.I64, [-1]), new TensorSpec("plan", OipDatatypes.Bytes, [-1]), new TensorSpec("spend", OipDatatypes.Fp32, [-1])],
        [new TensorSpec("Score", OipDatatypes.Fp32, [-1]), new TensorSpec("PredictedLabel", OipDatatypes.Bool, [-1])]);

    private static readonly string[] Features = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

    [Fact]
    public void A_split_dataframe_feeds_a_single_input_in_its_own_column_order()
    {
        var request = Read("""{"dataframe_split": {"columns": ["a", "b", "c", "d"], "data": [[1, 2, 3, 4], [5, 6, 7, 8]]}}""", Linear);

        var x = Assert.Single(request.Inputs);
        Assert.Equal([2L, 4L], x.Shape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], (float[])x.Data);
        SignatureCheck.Validate(Linear, request);
    }

    [Fact]
    public void Declared_feature_columns_put_each_column_in_its_position_and_others_are_ignored()
    {
        var request = Read("""
            {"dataframe_split": {
              "columns": ["petal_width", "id", "sepal_length", "petal_length", "sepal_width"],
              "index": [10],
              "data": [[0.2, 99, 5.1, 1.4, 3.5]]
            }}
            """, Linear, Features);

        Assert.Equal([5.1f, 3.5f, 1.4f, 0.2f], (float[])request.Inputs[0].Data);
    }

    [Fact]
    public void A_declared_feature_column_the_dataframe_lacks_is_refused_naming_it()
    {
        var message = Refusal("""{"dataframe_split": {"columns": ["sepal_length", "sepal_width", "petal_length"], "data": [[1, 2, 3]]}}""", Linear, Features);

        Assert.Equal(
            "The dataframe has no column 'petal_width'; the model reads columns sepal_length, sepal_width, petal_length, petal_width into its input 'x' (FP32[-1, 4]).",
            message);
    }

    [Fact]
    public void Without_declared_names_the_column_count_must_match_the_input()
    {
        var message = Refusal("""{"dataframe_split": {"columns": ["a", "b", "c"], "data": [[1, 2, 3]]}}""", Linear);

        Assert.Equal("The dataframe has 3 columns but the model's input 'x' (FP32[-1, 4]) takes 4 values per row, one per column.", message);
    }

    [Fact]
    public void A_single_input_of_any_width_takes_every_column()
    {
        var signature = new ModelSignature([new TensorSpec("x", OipDatatypes.Fp64, [-1, -1])], []);

        var request = Read("""{"dataframe_records": [{"a": 1, "b": 2, "c": 3}]}""", signature);

        Assert.Equal([1L, 3L], request.Inputs[0].Shape);
        Assert.Equal([1.0, 2.0, 3.0], (double[])request.Inputs[0].Data);
    }

    [Fact]
    public void A_lone_column_named_for_a_vector_input_holds_each_row_as_a_list()
    {
        var request = Read("""{"dataframe_split": {"columns": ["x"], "data": [[[1, 2, 3, 4]], [[5, 6, 7, 8]]]}}""", Linear);

        Assert.Equal([2L, 4L], request.Inputs[0].Shape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], (float[])request.Inputs[0].Data);
    }

    [Fact]
    public void A_split_dataframe_feeds_column_inputs_by_name_with_their_datatypes()
    {
        var request = Read("""
            {"dataframe_split": {"data": [[70, "free", 0.5, "x"], [31, "pro", 12, "y"]], "columns": ["age", "plan", "spend", "ignored"]}}
            """, Columns);

        Assert.Equal([70L, 31L], (long[])request.Inputs[0].Data);
        Assert.Equal(["free", "pro"], (string[])request.Inputs[1].Data);
        Assert.Equal([0.5f, 12f], (float[])request.Inputs[2].Data);
        SignatureCheck.Validate(Columns, request);
    }

    [Fact]
    public void A_split_without_column_names_maps_by_position()
    {
        var request = Read("""{"dataframe_split": {"data": [[70, "free", 0.5]]}}""", Columns);

        Assert.Equal(["free"], (string[])request.Inputs[1].Data);
    }

    [Fact]
    public void A_cell_of_the_wrong_type_is_refused_naming_column_and_row()
    {
        var message = Refusal("""{"dataframe_split": {"columns": ["age", "plan", "spend"], "data": [[70, "free", 0.5], ["old", "pro", 1]]}}""", Columns);

        Assert.Equal("Column 'age', row 1 is \"old\", not an integer from -9223372036854775808 to 9223372036854775807 (INT64).", message);
    }

    [Fact]
    public void A_row_with_too_few_values_is_refused()
    {
        var message = Refusal("""{"dataframe_split": {"columns": ["age", "plan", "spend"], "data": [[70, "free"]]}}""", Columns);

        Assert.Equal("Row 0 has 2 values; the dataframe has 3 columns.", message);
    }

    [Fact]
    public void Records_feed_column_inputs_by_name_in_any_key_order()
    {
        var request = Read("""
            {"dataframe_records": [{"age": 70, "plan": "free", "spend": 0.5}, {"spend": 12, "plan": "pro", "age": 31, "other": [1]}]}
            """, Columns);

        Assert.Equal([70L, 31L], (long[])request.Inputs[0].Data);
        Assert.Equal([0.5f, 12f], (float[])request.Inputs[2].Data);
    }

    [Fact]
    public void Records_feed_a_single_input_in_the_first_records_key_order()
    {
        var request = Read("""{"dataframe_records": [{"a": 1, "b": 2, "c": 3, "d": 4}, {"d": 8, "c": 7, "b": 6, "a": 5}]}""", Linear);

        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], (float[])request.Inputs[0].Data);
    }

    [Fact]
    public void A_missing_or_null_floating_point_cell_is_nan()
    {
        var request = Read("""{"dataframe_records": [{"age": 1, "plan": "a"}, {"age": 2, "plan": "b", "spend": null}]}""", Columns);

        Assert.Equal([float.NaN, float.NaN], (float[])request.Inputs[2].Data);
    }

    [Fact]
    public void A_missing_integer_cell_is_refused_naming_column_and_row()
    {
        var message = Refusal("""{"dataframe_records": [{"age": 1, "plan": "a", "spend": 1}, {"plan": "b", "spend": 2}]}""", Columns);

        Assert.Equal("Row 1 has no value for column 'age', which the model's input 'age' (INT64[-1]) needs.", message);
    }

    [Fact]
    public void A_dataframe_without_a_column_an_input_needs_is_refused_naming_it()
    {
        var message = Refusal("""{"dataframe_records": [{"age": 1, "spend": 1}]}""", Columns);

        Assert.Equal("The dataframe has no column 'plan'; the model takes columns age, plan, spend.", message);
    }

    [Fact]
    public void Instances_are_rows_as_in_kserve_v1()
    {
        var request = Read("""{"instances": [{"age": 1, "plan": "a", "spend": 2.5}]}""", Columns);

        Assert.Equal([2.5f], (float[])request.Inputs[2].Data);
    }

    [Fact]
    public void A_list_of_inputs_is_the_single_inputs_tensor()
    {
        var request = Read("""{"inputs": [[1, 2, 3, 4], [5, 6, 7, 8]]}""", Linear);

        Assert.Equal([2L, 4L], request.Inputs[0].Shape);
        Assert.Equal(8, request.Inputs[0].Data.Length);
    }

    [Fact]
    public void An_object_of_inputs_names_each_inputs_whole_tensor()
    {
        var request = Read("""{"inputs": {"spend": [1.5, 2.5], "age": [1, 2], "plan": ["a", "b"]}}""", Columns);

        Assert.Equal(["age", "plan", "spend"], request.Inputs.Select(i => i.Name));
        Assert.Equal([2L], request.Inputs[2].Shape);
        Assert.Equal([1.5f, 2.5f], (float[])request.Inputs[2].Data);
        SignatureCheck.Validate(Columns, request);
    }

    [Fact]
    public void A_tensor_input_nested_unlike_the_signature_is_refused_naming_it()
    {
        var message = Refusal("""{"inputs": {"x": [1, 2, 3, 4]}}""", Linear);

        Assert.Equal("Input 'x': [0] is 1 where input 'x' (FP32[-1, 4]) needs a list.", message);
    }

    [Fact]
    public void Params_become_the_requests_parameters()
    {
        var request = Read("""{"params": {"threshold": 0.7, "labels": ["a", "b"]}, "dataframe_split": {"columns": ["a", "b", "c", "d"], "data": [[1, 2, 3, 4]]}}""", Linear);

        Assert.Equal(0.7, request.Parameters!["threshold"]);
        Assert.Equal(new object?[] { "a", "b" }, (object?[])request.Parameters["labels"]!);
    }

    [Theory]
    [InlineData("""{"instances": [[1, 2, 3, 4]], "inputs": [[1, 2, 3, 4]]}""", "The body has both 'instances' and 'inputs'; send one.")]
    [InlineData("""{"data": [[1, 2, 3, 4]]}""", "The body has none of dataframe_split, dataframe_records, instances or inputs.")]
    [InlineData("""{"dataframe_split": {"columns": ["a", "b", "c", "d"]}}""", "'dataframe_split' has no 'data'.")]
    [InlineData("""{"dataframe_records": []}""", "'dataframe_records' has no rows.")]
    [InlineData("""{"dataframe_records": [[1, 2, 3, 4]]}""", "'dataframe_records' row 0 must be an object naming its columns, not a list.")]
    [InlineData("""{"dataframe_split": """, "Malformed JSON at byte 20: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.")]
    public void Bodies_that_are_not_one_mlflow_format_are_refused_saying_why(string json, string expected)
    {
        Assert.Equal(expected, Refusal(json, Linear));
    }

    [Fact]
    public void Csv_with_a_header_feeds_column_inputs_and_quoted_fields_keep_commas_quotes_and_line_breaks()
    {
        var request = ReadCsv("age,plan,spend\r\n70,\"pro, annual\",0.5\n31,\"say \"\"hi\"\"\nthere\",\n\n", Columns);

        Assert.Equal([70L, 31L], (long[])request.Inputs[0].Data);
        Assert.Equal(["pro, annual", "say \"hi\"\nthere"], (string[])request.Inputs[1].Data);
        Assert.Equal([0.5f, float.NaN], (float[])request.Inputs[2].Data);
    }

    [Fact]
    public void Csv_feeds_a_single_input_by_the_declared_feature_columns()
    {
        var request = ReadCsv("\uFEFFpetal_width,sepal_width,sepal_length,petal_length\n0.2,3.5,5.1,1.4\n", Linear, Features);

        Assert.Equal([5.1f, 3.5f, 1.4f, 0.2f], (float[])request.Inputs[0].Data);
    }

    [Fact]
    public void A_csv_cell_of_the_wrong_type_is_refused_naming_column_row_and_line()
    {
        var message = JsonText.Refusal(() => ReadCsv("age,plan,spend\n1,a,2\n3,b,lots\n", Columns));

        Assert.Equal("Column 'spend', row 1 (line 3) is \"lots\", not a number (FP32).", message);
    }

    [Theory]
    [InlineData("", "The CSV body is empty; expected a header row naming the columns, then a row per prediction.")]
    [InlineData("age,plan,spend\n", "The CSV body has no rows.")]
    [InlineData("age,plan,spend\n1,a\n", "CSV line 2 has 2 fields but the header has 3.")]
    [InlineData("age,plan,spend\n1,\"a,2\n", "CSV line 2: a quoted field is not closed.")]
    [InlineData("age,plan,spend\n1,\"a\"b,2\n", "CSV line 2: text follows a closing quote; a quote inside a field is written as two.")]
    [InlineData("age,plan,spend\n,a,2\n", "Column 'age', row 0 (line 2) is empty, not an integer from -9223372036854775808 to 9223372036854775807 (INT64).")]
    public void Csv_that_cannot_feed_the_model_is_refused_saying_where(string csv, string expected)
    {
        Assert.Equal(expected, JsonText.Refusal(() => ReadCsv(csv, Columns)));
    }

    [Fact]
    public void An_unsupported_content_type_is_refused_and_reported_unsupported()
    {
        Assert.False(MlflowInvocationsCodec.IsSupportedContentType("application/xml"));
        Assert.True(MlflowInvocationsCodec.IsSupportedContentType("application/json; charset=utf-8"));
        Assert.True(MlflowInvocationsCodec.IsSupportedContentType("Text/CSV"));
        Assert.Equal(
            "Content type 'application/xml' is not supported; send application/json or text/csv.",
            JsonText.Refusal(() => MlflowInvocationsCodec.ReadRequest(JsonText.Bytes("<x/>"), "application/xml", Linear)));
    }

    [Fact]
    public void A_single_column_output_gives_a_value_per_row()
    {
        var response = new InferenceResponse("m", "1", [TestTensors.Of("y", OipDatatypes.Fp32, [2, 1], 5.5f, 0.25f)]);

        Assert.Equal("""{"predictions":[5.5,0.25]}""", JsonText.Write(w => MlflowInvocationsCodec.WriteResponse(w, response)));
    }

    [Fact]
    public void A_multi_column_output_gives_a_list_per_row()
    {
        var response = new InferenceResponse("m", "1", [TestTensors.Of("probabilities", OipDatatypes.Fp64, [2, 2], 0.9, 0.1, 0.2, 0.8)]);

        Assert.Equal("""{"predictions":[[0.9,0.1],[0.2,0.8]]}""", JsonText.Write(w => MlflowInvocationsCodec.WriteResponse(w, response)));
    }

    [Fact]
    public void Several_outputs_give_a_record_per_row()
    {
        var response = new InferenceResponse("m", "1", [
            TestTensors.Of("Score", OipDatatypes.Fp32, [2], 0.5f, float.NaN),
            TestTensors.Of("PredictedLabel", OipDatatypes.Bytes, [2, 1], "yes", "no"),
        ]);

        Assert.Equal(
            """{"predictions":[{"Score":0.5,"PredictedLabel":"yes"},{"Score":"NaN","PredictedLabel":"no"}]}""",
            JsonText.Write(w => MlflowInvocationsCodec.WriteResponse(w, response)));
    }

    [Fact]
    public void Outputs_that_disagree_on_rows_are_refused()
    {
        var response = new InferenceResponse("m", "1", [
            TestTensors.Of("a", OipDatatypes.Fp32, [2], 1f, 2f),
            TestTensors.Of("b", OipDatatypes.Fp32, [1], 1f),
        ]);

        Assert.Equal(
            "Outputs disagree on the rows: 'a' has 2, 'b' has 1; predictions need one entry per row.",
            JsonText.Refusal(() => JsonText.Write(w => MlflowInvocationsCodec.WriteResponse(w, response))));
    }

    private static InferenceRequest Read(string json, ModelSignature signature, IReadOnlyList<string>? features = null) =>
        MlflowInvocationsCodec.ReadRequest(JsonText.Bytes(json), Json, signature, features);

    private static InferenceRequest ReadCsv(string csv, ModelSignature signature, IReadOnlyList<string>? features = null) =>
        MlflowInvocationsCodec.ReadRequest(JsonText.Bytes(csv), Csv, signature, features);

    private static string Refusal(string json, ModelSignature signature, IReadOnlyList<string>? features = null) =>
        JsonText.Refusal(() => Read(json, signature, features));
}
