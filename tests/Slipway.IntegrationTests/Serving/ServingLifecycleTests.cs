using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Slipway.Server.Hosting;
using Slipway.Serving.Logging;
using Slipway.Testing;
using Xunit;

namespace Slipway.IntegrationTests.Serving;

/// <summary>What outlives one server process: deployments across a restart, serving-only replicas over the same store, the inference log on disk.</summary>
public sealed class ServingLifecycleTests : IDisposable
{
    private readonly TempDirectory _root = new();

    private string DataDirectory => _root.Combine("data");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task A_deployment_is_served_again_after_a_restart()
    {
        var name = Names.Unique("d");
        await using (var first = await StartAsync())
        {
            await DeployConstantAsync(first, name, 7);
        }

        await using var second = await StartAsync();
        using var http = Client(second);

        await WaitReadyAsync(http, name);
        Assert.Equal(7.0, await PredictAsync(http, name));
    }

    [Fact]
    public async Task A_serving_only_replica_serves_its_deployment_from_the_shared_store_and_follows_changes()
    {
        var name = Names.Unique("d");
        await using var main = await StartAsync();
        var (model, _) = await DeployConstantAsync(main, name, 1);
        await using var replica = await StartAsync(o => o.Serving.Deployment = name);
        using var mainHttp = Client(main);
        using var replicaHttp = Client(replica);
        await WaitReadyAsync(replicaHttp, name);

        Assert.Equal(1.0, await PredictAsync(replicaHttp, name));
        var invocations = await replicaHttp.PostAsync("/invocations", new StringContent("""{"inputs": [[1, 2]]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, invocations.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await replicaHttp.GetAsync("/ping")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await replicaHttp.GetAsync("/api/2.0/mlflow/experiments/search")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await replicaHttp.GetAsync("/api/v1/deployments")).StatusCode);

        var v2 = await RegisterConstantAsync(main, model, 2);
        var updated = await mainHttp.PutAsJsonAsync($"/api/v1/deployments/{name}", new JsonObject { ["model"] = $"models:/{model}/{v2}" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        for (var i = 0; i < 100 && await PredictAsync(replicaHttp, name) != 2.0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(2.0, await PredictAsync(replicaHttp, name));
    }

    [Fact]
    public async Task A_model_only_replica_serves_a_registry_uri_under_the_models_name()
    {
        await using var main = await StartAsync();
        var model = Names.Unique("Churn Model");
        var version = await RegisterConstantAsync(main, model, 4);
        await using var replica = await StartAsync(o => o.Serving.Model = $"models:/{model}/{version}");
        using var http = Client(replica);
        var name = ModelOnlyName(model);

        await WaitReadyAsync(http, name);

        Assert.Equal(4.0, await PredictAsync(http, name));
    }

    [Fact]
    public async Task The_inference_log_records_each_request_with_its_route_version_inputs_and_outputs()
    {
        var name = Names.Unique("d");
        await using var server = await StartAsync();
        var (_, version) = await DeployConstantAsync(server, name, 3, new JsonObject { ["log_sample_rate"] = 1 });
        using var http = Client(server);
        var body = """{"id": "req-42", "inputs": [{"name": "x", "datatype": "FP32", "shape": [2, 2], "data": [1, 2, 3, 4]}]}""";
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/v2/models/{name}/infer", new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode);

        var store = new FileInferenceLogStore(Path.Combine(DataDirectory, "inference-log"));
        await using var _ = store;
        InferenceLogRecord? record = null;
        for (var i = 0; i < 100 && record is null; i++)
        {
            await Task.Delay(100);
            await foreach (var logged in store.ReadAsync("default", name, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5)))
            {
                record = logged;
            }
        }

        Assert.NotNull(record);
        Assert.Equal("req-42", record.RequestId);
        Assert.Equal("primary", record.Route);
        Assert.Equal("v2-rest", record.Protocol);
        Assert.Equal($"{version}", record.ModelVersion);
        Assert.Equal([1f, 2f, 3f, 4f], (float[])record.Inputs.Single().Data);
        Assert.Equal([2L, 2L], record.Inputs.Single().Shape);
        Assert.Equal([3f, 3f], (float[])record.Outputs.Single().Data);
        Assert.True(record.LatencyMs > 0);
    }

    private static string ModelOnlyName(string model) => Slipway.Server.Serving.ModelOnlyDeployment.NameFor($"models:/{model}/1");

    private Task<SlipwayServer> StartAsync(Action<ServerOptions>? configure = null)
    {
        var options = new ServerOptions { Host = "127.0.0.1", Port = 0, DataDirectory = DataDirectory };
        options.Serving.PollInterval = TimeSpan.FromMilliseconds(200);
        configure?.Invoke(options);
        return SlipwayServer.StartAsync(options);
    }

    private static HttpClient Client(SlipwayServer server) => new() { BaseAddress = new Uri(server.Addresses[0]) };

    private async Task<long> RegisterConstantAsync(SlipwayServer server, string model, float value)
    {
        using var http = Client(server);
        var api = new MlflowApi(http);
        var experiment = await api.CreateExperimentAsync(Names.Unique("e"));
        var runId = await api.CreateRunIdAsync(experiment);
        ModelDirectories.Linear(Path.Combine(DataDirectory, "artifacts", experiment, runId, "artifacts", "model"), [0f, 0f], value);
        await api.PostAsync("registered-models/create", new JsonObject { ["name"] = model });
        var created = await api.PostOkAsync("model-versions/create", new JsonObject { ["name"] = model, ["source"] = $"runs:/{runId}/model" });
        return long.Parse(created["model_version"]!["version"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<(string Model, long Version)> DeployConstantAsync(SlipwayServer server, string name, float value, JsonObject? extra = null)
    {
        var model = Names.Unique("m");
        var version = await RegisterConstantAsync(server, model, value);
        using var http = Client(server);
        var spec = extra ?? [];
        spec["name"] = name;
        spec["model"] = $"models:/{model}/{version}";
        var response = await http.PostAsJsonAsync("/api/v1/deployments", spec);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (model, version);
    }

    private static async Task WaitReadyAsync(HttpClient http, string name)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await http.GetAsync($"/v2/models/{name}/ready")).StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Deployment {name} did not become ready.");
    }

    private static async Task<double> PredictAsync(HttpClient http, string name)
    {
        var response = await http.PostAsync($"/v2/models/{name}/infer", new StringContent(ServingFixture.Row(name, 1, 2).ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!["outputs"]![0]!["data"]![0]!.GetValue<double>();
    }
}
