using Slipway.Serving.Inference;
using Slipway.Serving.Models;
using Slipway.Serving.Protocols;

namespace Slipway.Serving.Tests.Protocols;

public sealed class V2RequestReaderTests
{
    [Fact]
    public void A_flat_request_is_read_with_its_id_parameters_and_requested_outputs()
    {
        var request = Read("""
            {
              "id": "req-1",
              "parameters": {"content_type": "np", "top_k": 3, "temperature": 0.5, "stream": false},
              "inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP32", "data": [1, 2.5, -3, 4e2]}],
              "outputs": [{"name": "y", "parameters": {"binary_data": false}}]
            }
            """);

        var x = Assert.Single(request.Inputs);
        Assert.Equal("x", x.Name);
        Assert.Equal(OipDatatypes.Fp32, x.Datatype);
        Assert.Equal([1L, 4L], x.Shape);
        Assert.Equal([1f, 2.5f, -3f, 400f], (float[])x.Data);
        Assert.Equal(["y"], request.RequestedOutputs);
        Assert.Equal("req-1", request.Id);
        Assert.Equal("np", request.Parameters!["content_type"]);
        Assert.Equal(3L, request.Parameters["top_k"]);
        Assert.Equal(0.5, request.Parameters["temperature"]);
        Assert.Equal(false, request.Parameters["stream"]);
    }

    [Fact]
    public void A_repeated_input_name_is_read_as_the_same_string_and_escaped_or_colliding_names_stay_exact()
    {
        const string body = """{"inputs": [{"name": "features_v2", "shape": [1], "datatype": "FP32", "data": [1]}]}""";
        var first = Read(body).Inputs[0].Name;
        var second = Read(body).Inputs[0].Name;
        Assert.Equal("features_v2", first);
        Assert.Same(first, second);

        Assert.Equal("features_v2", Read("""{"inputs": [{"name": "features\u005fv2", "shape": [1], "datatype": "FP32", "data": [1]}]}""").Inputs[0].Name);
        // Many distinct names share the table's slots; each still reads back as itself.
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal($"in{i}", Read($$"""{"inputs": [{"name": "in{{i}}", "shape": [1], "datatype": "FP32", "data": [1]}]}""").Inputs[0].Name);
        }
    }

    [Fact]
    public void Nested_data_is_read_in_row_major_order()
    {
        var request = Read("""{"inputs": [{"name": "x", "shape": [2, 2, 2], "datatype": "INT32", "data": [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]}]}""");

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], (int[])request.Inputs[0].Data);
    }

    [Fact]
    public void Several_inputs_keep_their_order_and_no_outputs_means_all()
    {
        var request = Read("""
            {"inputs": [
              {"name": "a", "shape": [2], "datatype": "INT64", "data": [1, 2]},
              {"name": "b", "shape": [2], "datatype": "BYTES", "data": ["x", "y"]}
            ]}
            """);

        Assert.Equal(["a", "b"], request.Inputs.Select(i => i.Name));
        Assert.Empty(request.RequestedOutputs);
        Assert.Null(request.Id);
        Assert.Null(request.Parameters);
    }

    [Fact]
    public void Data_before_the_shape_and_datatype_is_read_once_they_are_known()
    {
        var request = Read("""{"inputs": [{"data": [[1, 2, 3]], "name": "x", "datatype": "UINT8", "shape": [1, 3]}]}""");

        Assert.Equal([(byte)1, 2, 3], (byte[])request.Inputs[0].Data);
    }

    [Fact]
    public void Unknown_fields_and_input_parameters_are_ignored()
    {
        var request = Read("""
            {"model": "m", "extra": {"deep": [1, {"a": null}]},
             "inputs": [{"name": "x", "shape": [1], "datatype": "FP64", "parameters": {"content_type": "np"}, "note": [1], "data": [0.25]}]}
            """);

        Assert.Equal([0.25], (double[])request.Inputs[0].Data);
    }

    [Fact]
    public void A_one_element_tensor_may_give_its_value_bare()
    {
        var request = Read("""{"inputs": [{"name": "t", "shape": [], "datatype": "FP32", "data": 0.5}]}""");

        Assert.Empty(request.Inputs[0].Shape);
        Assert.Equal([0.5f], (float[])request.Inputs[0].Data);
    }

    [Fact]
    public void An_empty_tensor_reads_as_no_values()
    {
        var request = Read("""{"inputs": [{"name": "x", "shape": [0, 4], "datatype": "FP32", "data": []}]}""");

        Assert.Empty((float[])request.Inputs[0].Data);
    }

    [Fact]
    public void Integer_bounds_and_unicode_strings_are_read_exactly()
    {
        var request = Read("""
            {"inputs": [
              {"name": "i8", "shape": [2], "datatype": "INT8", "data": [-128, 127]},
              {"name": "u64", "shape": [1], "datatype": "UINT64", "data": [18446744073709551615]},
              {"name": "i64", "shape": [2], "datatype": "INT64", "data": [-9223372036854775808, 9223372036854775807]},
              {"name": "s", "shape": [3], "datatype": "BYTES", "data": ["héllo wörld", "日本語 🚀", "tab\t\"q\" \u00e9"]},
              {"name": "b", "shape": [2], "datatype": "BOOL", "data": [true, false]},
              {"name": "h", "shape": [2], "datatype": "FP16", "data": [0.1, -65504]}
            ]}
            """);

        Assert.Equal([sbyte.MinValue, sbyte.MaxValue], (sbyte[])request.Inputs[0].Data);
        Assert.Equal([ulong.MaxValue], (ulong[])request.Inputs[1].Data);
        Assert.Equal([long.MinValue, long.MaxValue], (long[])request.Inputs[2].Data);
        Assert.Equal(["héllo wörld", "日本語 🚀", "tab\t\"q\" é"], (string[])request.Inputs[3].Data);
        Assert.Equal([true, false], (bool[])request.Inputs[4].Data);
        Assert.Equal([(Half)0.1, (Half)(-65504)], (Half[])request.Inputs[5].Data);
    }

    [Fact]
    public void Nan_and_infinities_are_read_from_their_string_spellings()
    {
        var request = Read("""{"inputs": [{"name": "x", "shape": [3], "datatype": "FP64", "data": ["NaN", "Infinity", "-Infinity"]}]}""");

        Assert.Equal([double.NaN, double.PositiveInfinity, double.NegativeInfinity], (double[])request.Inputs[0].Data);
    }

    [Fact]
    public void A_body_split_across_segments_reads_the_same_as_one_span()
    {
        const string json = """
            {"id": "seg", "inputs": [
              {"name": "h", "shape": [2, 2], "datatype": "FP16", "data": [[0.333251953125, 1.5], [-2.25, 65504]]},
              {"name": "s", "shape": [1], "datatype": "BYTES", "data": ["a string long enough to span segments"]},
              {"name": "f", "shape": [2], "datatype": "FP32", "data": [3.14159265, 1e-7]}
            ]}
            """;

        var whole = Read(json);
        foreach (var size in new[] { 1, 3, 7 })
        {
            var split = V2RequestReader.Read(JsonText.Segmented(json, size));

            Assert.Equal("seg", split.Id);
            for (var i = 0; i < whole.Inputs.Count; i++)
            {
                Assert.Equal(whole.Inputs[i].Data, split.Inputs[i].Data);
            }
        }
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_refused_naming_the_input_and_element()
    {
        var message = Refusal("""{"inputs": [{"name": "x", "shape": [4], "datatype": "FP32", "data": [1, 2, 3, "abc"]}]}""");

        Assert.Equal("Input 'x': element 3 is \"abc\", not a number (FP32).", message);
    }

    [Theory]
    [InlineData("INT8", "128", "an integer from -128 to 127 (INT8)")]
    [InlineData("INT8", "-129", "an integer from -128 to 127 (INT8)")]
    [InlineData("UINT8", "-1", "an integer from 0 to 255 (UINT8)")]
    [InlineData("UINT16", "65536", "an integer from 0 to 65535 (UINT16)")]
    [InlineData("UINT32", "-5", "an integer from 0 to 4294967295 (UINT32)")]
    [InlineData("UINT64", "18446744073709551616", "an integer from 0 to 18446744073709551615 (UINT64)")]
    [InlineData("INT16", "40000", "an integer from -32768 to 32767 (INT16)")]
    [InlineData("INT32", "1.5", "an integer from -2147483648 to 2147483647 (INT32)")]
    [InlineData("INT64", "1e3", "an integer from -9223372036854775808 to 9223372036854775807 (INT64)")]
    [InlineData("FP32", "1e39", "a number (FP32)")]
    [InlineData("FP16", "70000", "a number (FP16)")]
    [InlineData("FP64", "null", "a number (FP64)")]
    [InlineData("BOOL", "1", "true or false (BOOL)")]
    [InlineData("BYTES", "5", "a string (BYTES)")]
    public void A_value_the_datatype_cannot_hold_is_refused_saying_what_it_takes(string datatype, string value, string expected)
    {
        var message = Refusal($$"""{"inputs": [{"name": "x", "shape": [2], "datatype": "{{datatype}}", "data": [0, {{value}}]}]}""".Replace("[0, ", datatype == "BYTES" ? "[\"ok\", " : datatype == "BOOL" ? "[true, " : "[0, ", StringComparison.Ordinal));

        Assert.Equal($"Input 'x': element 1 is {value}, not {expected}.", message);
    }

    [Fact]
    public void A_value_count_that_disagrees_with_the_shape_is_refused()
    {
        var message = Refusal("""{"inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3]}]}""");

        Assert.Equal("Input 'x' has 3 values but shape [1, 4] needs 4.", message);
    }

    [Fact]
    public void Too_many_values_are_refused_with_the_count_given()
    {
        var message = Refusal("""{"inputs": [{"name": "x", "shape": [2], "datatype": "INT32", "data": [1, 2, 3, 4, 5]}]}""");

        Assert.Equal("Input 'x' has 5 values but shape [2] needs 2.", message);
    }

    [Fact]
    public void A_shape_far_larger_than_the_body_is_refused_without_allocating_it()
    {
        var message = Refusal("""{"inputs": [{"name": "x", "shape": [100000000000, 1000], "datatype": "FP64", "data": [1, 2]}]}""");

        Assert.Equal("Input 'x' has 2 values but shape [100000000000, 1000] needs 100000000000000.", message);
    }

    [Fact]
    public void Nested_lists_shorter_than_the_shape_are_refused_naming_where()
    {
        var message = Refusal("""{"inputs": [{"name": "x", "shape": [2, 4], "datatype": "FP32", "data": [[1, 2, 3, 4], [5, 6, 7]]}]}""");

        Assert.Equal("Input 'x': data[1] has 3 elements but shape [2, 4] needs 4 in dimension 1.", message);
    }

    [Fact]
    public void Nested_lists_longer_than_the_shape_are_refused_naming_where()
    {
        var message = Refusal("""{"inputs": [{"name": "x", "shape": [2, 2], "datatype": "FP32", "data": [[1, 2], [3, 4], [5, 6]]}]}""");

        Assert.Equal("Input 'x': data has more than 2 elements but shape [2, 2] needs 2 in dimension 0.", message);
    }

    [Fact]
    public void Transposed_nested_data_is_refused_rather_than_reinterpreted()
    {
        var message = Refusal("""{"inputs": [{"name": "x", "shape": [2, 3], "datatype": "INT64", "data": [[1, 2], [3, 4], [5, 6]]}]}""");

        Assert.Equal("Input 'x': data[0] has 2 elements but shape [2, 3] needs 3 in dimension 1.", message);
    }

    [Fact]
    public void Nesting_deeper_than_the_shape_is_refused()
    {
        var message = Refusal("""{"inputs": [{"name": "x", "shape": [1, 2], "datatype": "FP32", "data": [[1, [2]]]}]}""");

        Assert.Equal("Input 'x': data[0][1] is a list, nested deeper than shape [1, 2].", message);
    }

    [Fact]
    public void A_value_where_the_shape_needs_a_list_is_refused()
    {
        var message = Refusal("""{"inputs": [{"name": "x", "shape": [2, 2], "datatype": "FP32", "data": [[1, 2], 3]}]}""");

        Assert.Equal("Input 'x': data[1] is 3 where shape [2, 2] needs a list of 2.", message);
    }

    [Fact]
    public void Flat_data_mixed_with_lists_is_refused()
    {
        var message = Refusal("""{"inputs": [{"name": "x", "shape": [2, 2], "datatype": "FP32", "data": [1, 2, [3, 4]]}]}""");

        Assert.Equal("Input 'x': data mixes values and lists: element 2 is a list.", message);
    }

    [Fact]
    public void Malformed_json_is_refused_with_the_byte_where_it_breaks()
    {
        var message = Refusal("""{"inputs": ,}""");

        Assert.Equal("Malformed JSON at byte 11: ',' is an invalid start of a value.", message);
    }

    [Fact]
    public void Malformed_json_on_a_later_line_names_the_line()
    {
        var message = Refusal("{\n  \"inputs\": [}\n}");

        Assert.StartsWith("Malformed JSON at line 2, byte ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_content_after_the_request_is_malformed()
    {
        var message = Refusal("""{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}]} x""");

        Assert.StartsWith("Malformed JSON at byte ", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "The request body is empty; expected a JSON object with 'inputs'.")]
    [InlineData("[1, 2]", "The request body must be a JSON object with 'inputs', not a list.")]
    [InlineData("""{"id": "a"}""", "The request has no 'inputs'.")]
    [InlineData("""{"inputs": []}""", "'inputs' is empty.")]
    [InlineData("""{"inputs": {"x": [1]}}""", "'inputs' must be a list, not an object.")]
    [InlineData("""{"id": 7, "inputs": []}""", "'id' must be a string, not 7.")]
    [InlineData("""{"inputs": [{"shape": [1], "datatype": "FP32", "data": [1]}]}""", "Input 0 has no 'name'.")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1], "data": [1]}]}""", "Input 'x' has no 'datatype'.")]
    [InlineData("""{"inputs": [{"name": "x", "datatype": "FP32", "data": [1]}]}""", "Input 'x' has no 'shape'.")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32"}]}""", "Input 'x' has no 'data'.")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [-1], "datatype": "FP32", "data": [1]}]}""", "Input 'x': shape must be a list of non-negative integers; dimension 0 is -1.")]
    [InlineData("""{"inputs": [{"name": "x", "shape": 4, "datatype": "FP32", "data": [1]}]}""", "Input 'x': shape must be a list of non-negative integers, not 4.")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1], "datatype": "FLOAT32", "data": [1]}]}""", "Input 'x': datatype \"FLOAT32\" is not one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES.")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [2], "datatype": "FP32", "data": {"a": 1}}]}""", "Input 'x': data must be a list, not an object.")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "parameters": {"binary_data_size": 4}}]}""", "Input 'x' sends its data in binary (binary_data_size), which this server does not support; send 'data' as JSON.")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}], "outputs": [{"parameters": {}}]}""", "Requested output 0 has no 'name'.")]
    [InlineData("""{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}], "parameters": {"a": {"b": 1}}}""", "'parameters' value 'a' is an object; values are strings, numbers, booleans or lists of them.")]
    public void A_request_missing_what_the_protocol_requires_is_refused_saying_what(string json, string expected)
    {
        Assert.Equal(expected, Refusal(json));
    }

    private static InferenceRequest Read(string json) => V2RequestReader.Read(JsonText.Bytes(json));

    private static string Refusal(string json) => JsonText.Refusal(() => V2RequestReader.Read(JsonText.Bytes(json)));
}
