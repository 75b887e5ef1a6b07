using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Slipway.Testing;
using Xunit;

namespace Slipway.IntegrationTests.Serving;

public sealed class RestInferenceTests(ServingFixture fixture) : IClassFixture<ServingFixture>
{
    private static readonly string[] AllDatatypes = ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES"];

    [Fact]
    public async Task Health_and_server_metadata_answer_in_the_protocol_shape()
    {
        var live = await fixture.Http.GetFromJsonAsync<JsonObject>("v2/health/live");
        var metadata = await fixture.Http.GetFromJsonAsync<JsonObject>("v2");

        Assert.True(live!["live"]!.GetValue<bool>());
        Assert.Equal("slipway", metadata!["name"]!.GetValue<string>());
        Assert.NotNull(metadata["version"]);
        Assert.NotNull(metadata["extensions"]);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.GetAsync("v2/health/ready")).StatusCode);
    }

    [Fact]
    public async Task A_linear_model_answers_v2_infer_with_flat_or_nested_data_and_echoes_id_and_parameters()
    {
        var model = Names.Unique("linear");
        var version = await fixture.RegisterAsync(model, dir => ModelDirectories.Linear(dir, [0.5f, -1f, 2f], 0.25f));
        var name = Names.Unique("d");
        await fixture.DeployAsync(name, new JsonObject { ["model"] = $"models:/{model}/{version}" });

        var flat = await InferAsync(name, """{"id": "req-7", "parameters": {"trace": true, "who": "me"}, "inputs": [{"name": "x", "datatype": "FP32", "shape": [2, 3], "data": [1, 2, 3, 0, 0, 0]}]}""");
        var nested = await InferAsync(name, """{"inputs": [{"name": "x", "datatype": "FP32", "shape": [2, 3], "data": [[1, 2, 3], [0, 0, 0]]}], "outputs": [{"name": "y"}]}""");

        foreach (var body in new[] { flat, nested })
        {
            Assert.Equal(name, body["model_name"]!.GetValue<string>());
            Assert.Equal(version.ToString(System.Globalization.CultureInfo.InvariantCulture), body["model_version"]!.GetValue<string>());
            var y = body["outputs"]![0]!;
            Assert.Equal("y", y["name"]!.GetValue<string>());
            Assert.Equal("FP32", y["datatype"]!.GetValue<string>());
            Assert.Equal([2L, 1L], y["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
            Assert.Equal([4.75, 0.25], y["data"]!.AsArray().Select(d => Math.Round(d!.GetValue<double>(), 4)));
        }

        Assert.Equal("req-7", flat["id"]!.GetValue<string>());
        Assert.True(flat["parameters"]!["trace"]!.GetValue<bool>());
        Assert.Equal("me", flat["parameters"]!["who"]!.GetValue<string>());
    }

    [Fact]
    public async Task Model_metadata_and_readiness_describe_the_deployment_by_name_and_version()
    {
        var model = Names.Unique("meta");
        var version = await fixture.RegisterConstantAsync(model, 1);
        var name = Names.Unique("d");
        await fixture.DeployAsync(name, new JsonObject { ["model"] = $"models:/{model}/{version}" });

        var metadata = await fixture.Http.GetFromJsonAsync<JsonObject>($"v2/models/{name}");
        var versioned = await fixture.Http.GetAsync($"v2/models/{name}/versions/{version}");
        var ready = await fixture.Http.GetAsync($"v2/models/{name}/ready");
        var versionReady = await fixture.Http.GetAsync($"v2/models/{name}/versions/{version}/ready");

        Assert.Equal(name, metadata!["name"]!.GetValue<string>());
        Assert.Equal("onnxruntime_onnx", metadata["platform"]!.GetValue<string>());
        Assert.Equal([$"{version}"], metadata["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        var input = metadata["inputs"]![0]!;
        Assert.Equal("x", input["name"]!.GetValue<string>());
        Assert.Equal("FP32", input["datatype"]!.GetValue<string>());
        Assert.Equal([-1L, 2L], input["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
        Assert.Equal("y", metadata["outputs"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, versionReady.StatusCode);
    }

    [Fact]
    public async Task Every_protocol_datatype_round_trips_through_v2_rest()
    {
        var model = Names.Unique("identity");
        var version = await fixture.RegisterAsync(model, dir => ModelDirectories.Identities(dir, AllDatatypes));
        var name = Names.Unique("d");
        await fixture.DeployAsync(name, new JsonObject { ["model"] = $"models:/{model}/{version}" });
        var values = new Dictionary<string, JsonArray>
        {
            ["BOOL"] = [true, false, false, true],
            ["UINT8"] = [0, 255, 7, 8],
            ["UINT16"] = [0, 65535, 1, 2],
            ["UINT32"] = [0, 4294967295, 1, 2],
            ["UINT64"] = [0, 18446744073709551615UL, 1, 2],
            ["INT8"] = [-128, 127, 0, 1],
            ["INT16"] = [-32768, 32767, 0, 1],
            ["INT32"] = [-2147483648, 2147483647, 0, 1],
            ["INT64"] = [-9223372036854775808, 9223372036854775807, 0, 1],
            ["FP16"] = [0.5, -2, 1024, 0.25],
            ["FP32"] = [1.5, -2.25, 3.125, 0],
            ["FP64"] = [1e300, -2.5, 0.1, 0],
            ["BYTES"] = ["héllo", "", "naïve ✓", "x"],
        };
        var request = new JsonObject
        {
            ["inputs"] = new JsonArray([.. AllDatatypes.Select(t => (JsonNode)new JsonObject
            {
                ["name"] = t.ToLowerInvariant() + "_in",
                ["datatype"] = t,
                ["shape"] = new JsonArray(2, 2),
                ["data"] = values[t].DeepClone(),
            })]),
        };

        var response = await InferAsync(name, request.ToJsonString());

        var outputs = response["outputs"]!.AsArray().ToDictionary(o => o!["name"]!.GetValue<string>());
        foreach (var datatype in AllDatatypes)
        {
            var output = outputs[datatype.ToLowerInvariant() + "_out"]!;
            Assert.Equal(datatype, output["datatype"]!.GetValue<string>());
            Assert.Equal([2L, 2L], output["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
            Assert.True(JsonNode.DeepEquals(values[datatype], output["data"]), $"{datatype}: sent {values[datatype].ToJsonString()}, got {output["data"]!.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Kserve_v1_predict_and_status_use_the_deployment_name()
    {
        var model = Names.Unique("v1");
        var version = await fixture.RegisterAsync(model, dir => ModelDirectories.Linear(dir, [1f, 2f], 0));
        var name = Names.Unique("d");
        await fixture.DeployAsync(name, new JsonObject { ["model"] = $"models:/{model}/{version}" });

        var status = await fixture.Http.GetFromJsonAsync<JsonObject>($"v1/models/{name}");
        var response = await fixture.Http.PostAsync($"v1/models/{name}:predict", Json("""{"instances": [[1, 1], [2, 3]]}"""));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.True(status!["ready"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([3.0, 8.0], Flatten(body["predictions"]!));
    }

    [Theory]
    [InlineData("application/json", """{"dataframe_split": {"columns": ["a", "b"], "data": [[1, 1], [2, 3]]}}""")]
    [InlineData("application/json", """{"dataframe_records": [{"a": 1, "b": 1}, {"a": 2, "b": 3}]}""")]
    [InlineData("application/json", """{"instances": [[1, 1], [2, 3]]}""")]
    [InlineData("application/json", """{"inputs": [[1, 1], [2, 3]]}""")]
    [InlineData("text/csv", "a,b\n1,1\n2,3\n")]
    public async Task Mlflow_invocations_accept_every_input_format(string contentType, string body)
    {
        var model = Names.Unique("mlflow");
        var version = await fixture.RegisterAsync(model, dir => ModelDirectories.Linear(dir, [1f, 2f], 0, ["a", "b"]));
        var name = Names.Unique("d");
        await fixture.DeployAsync(name, new JsonObject { ["model"] = $"models:/{model}/{version}" });

        var response = await fixture.Http.PostAsync($"endpoints/{name}/invocations", new StringContent(body, Encoding.UTF8, contentType));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal([3.0, 8.0], Flatten(JsonNode.Parse(text)!["predictions"]!));
    }

    [Fact]
    public async Task Bad_inputs_get_400_with_a_message_naming_the_input_and_the_server_keeps_serving()
    {
        var model = Names.Unique("bad");
        var version = await fixture.RegisterConstantAsync(model, 5);
        var name = Names.Unique("d");
        await fixture.DeployAsync(name, new JsonObject { ["model"] = $"models:/{model}/{version}" });

        (string Body, string Expected)[] cases =
        [
            ("""{"inputs": [{"name": "z", "datatype": "FP32", "shape": [1, 2], "data": [1, 2]}]}""", "'z'"),
            ("""{"inputs": [{"name": "x", "datatype": "INT64", "shape": [1, 2], "data": [1, 2]}]}""", "expects FP32"),
            ("""{"inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 3], "data": [1, 2, 3]}]}""", "[-1, 2]"),
            ("""{"inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 2], "data": [1, 2, 3]}]}""", "'x'"),
            ("""{"inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 2], "data": [1, "abc"]}]}""", "'x'"),
            ("""{"inputs": [{"name": "x", "datatype": "FP32", "shape": [1, 2], "data": [1, 2]}], "outputs": [{"name": "nope"}]}""", "'nope'"),
            ("""{"inputs": [{"name": "x", "datatype": "FP32", """, "JSON"),
        ];
        foreach (var (body, expected) in cases)
        {
            var response = await fixture.Http.PostAsync($"v2/models/{name}/infer", Json(body));
            var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {response.StatusCode} {error}");
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }

        var ok = await InferAsync(name, ServingFixture.Row(name, 1, 2).ToJsonString());
        Assert.Equal(5.0, ok["outputs"]![0]!["data"]![0]!.GetValue<double>());
    }

    [Fact]
    public async Task Unknown_deployments_and_versions_get_404_and_an_oversized_body_413()
    {
        var model = Names.Unique("nf");
        var version = await fixture.RegisterConstantAsync(model, 1);
        var name = Names.Unique("d");
        await fixture.DeployAsync(name, new JsonObject { ["model"] = $"models:/{model}/{version}" });
        var row = ServingFixture.Row(name, 1, 2).ToJsonString();

        var unknown = await fixture.Http.PostAsync("v2/models/no-such-deployment/infer", Json(row));
        var wrongVersion = await fixture.Http.PostAsync($"v2/models/{name}/versions/99/infer", Json(row));
        var v1Unknown = await fixture.Http.PostAsync("v1/models/no-such-deployment:predict", Json("""{"instances": [[1, 2]]}"""));
        var mlflowUnknown = await fixture.Http.PostAsync("endpoints/no-such-deployment/invocations", Json("""{"inputs": [[1, 2]]}"""));
        var huge = await fixture.Http.PostAsync($"v2/models/{name}/infer", Json("{\"pad\": \"" + new string('a', (int)ServingFixture.BodyLimit) + "\"}"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("no-such-deployment", await ErrorOf(unknown), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, wrongVersion.StatusCode);
        Assert.Contains("not version 99", await ErrorOf(wrongVersion), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, v1Unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, mlflowUnknown.StatusCode);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", JsonNode.Parse(await mlflowUnknown.Content.ReadAsStringAsync())!["error_code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Contains("limit", await ErrorOf(huge), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_that_fails_to_load_answers_503_with_the_reason_while_others_serve()
    {
        var broken = Names.Unique("broken");
        var version = await fixture.RegisterAsync(broken, dir =>
        {
            ModelDirectories.Linear(dir, [1f, 1f], 0);
            File.WriteAllText(Path.Combine(dir, "model.onnx"), "not a model");
        });
        var name = Names.Unique("d");

        var deployed = await fixture.DeployAsync(name, new JsonObject { ["model"] = $"models:/{broken}/{version}" });
        var response = await fixture.Http.PostAsync($"v2/models/{name}/infer", Json(ServingFixture.Row(name, 1, 2).ToJsonString()));

        Assert.Equal("failed", deployed["status"]!["state"]!.GetValue<string>());
        Assert.Contains("ONNX", deployed["status"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("not an ONNX model", await ErrorOf(response), StringComparison.Ordinal);
        await fixture.Http.DeleteAsync($"api/v1/deployments/{name}");
    }

    private async Task<JsonObject> InferAsync(string deployment, string body)
    {
        var response = await fixture.Http.PostAsync($"v2/models/{deployment}/infer", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<string> ErrorOf(HttpResponseMessage response)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (body["error"] ?? body["message"])!.GetValue<string>();
    }

    private static List<double> Flatten(JsonNode node) => node is JsonArray array
        ? [.. array.SelectMany(n => Flatten(n!))]
        : node is JsonObject obj ? [.. obj.Select(p => p.Value!).SelectMany(Flatten)] : [node.GetValue<double>()];
}
