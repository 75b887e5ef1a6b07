using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Slipway.Server.Hosting;
using Slipway.Testing;
using Xunit;

namespace Slipway.IntegrationTests.Serving;

/// <summary>A server with gRPC on, a short poll interval and a small body limit, plus helpers that register real ONNX models.</summary>
public class ServingFixture : SlipwayServerFixture
{
    public const long BodyLimit = 1024 * 1024;

    public string GrpcAddress => Server.GrpcAddress ?? throw new InvalidOperationException("gRPC is off.");

    /// <summary>
    /// Registers a version of <paramref name="model"/> whose files are what <paramref name="write"/> puts in a folder:
    /// the files become a run's <c>model/</c> artifacts (written where the server keeps artifacts) and the version's
    /// source is <c>runs:/{run}/model</c>. Returns the version number.
    /// </summary>
    public async Task<long> RegisterAsync(string model, Action<string> write)
    {
        var experiment = await Api.CreateExperimentAsync(Names.Unique("serving"));
        var runId = await Api.CreateRunIdAsync(experiment);
        write(Path.Combine(ArtifactsDirectory, experiment, runId, "artifacts", "model"));
        await Api.PostAsync("registered-models/create", new JsonObject { ["name"] = model });
        var version = await Api.PostOkAsync("model-versions/create", new JsonObject { ["name"] = model, ["source"] = $"runs:/{runId}/model", ["run_id"] = runId });
        return long.Parse(version["model_version"]!["version"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A linear model answering <c>value</c> for every row of two features: y = x·0 + value.</summary>
    public Task<long> RegisterConstantAsync(string model, float value) =>
        RegisterAsync(model, dir => ModelDirectories.Linear(dir, [0f, 0f], value));

    public Task SetAliasAsync(string model, string alias, long version) =>
        Api.PostOkAsync("registered-models/alias", new JsonObject { ["name"] = model, ["alias"] = alias, ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public async Task<JsonObject> DeployAsync(string name, JsonObject spec)
    {
        spec["name"] = name;
        var response = await Http.PostAsJsonAsync("api/v1/deployments", spec);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    public static JsonObject Row(string deployment, params float[] values) => new()
    {
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = "x",
            ["datatype"] = "FP32",
            ["shape"] = new JsonArray(1, values.Length),
            ["data"] = new JsonArray([.. values.Select(v => (JsonNode)v)]),
        }),
    };

    protected override void Configure(ServerOptions options)
    {
        options.Serving.GrpcPort = 0;
        options.Serving.PollInterval = TimeSpan.FromMilliseconds(200);
        options.MaxRequestBodyBytes = BodyLimit;
    }
}
