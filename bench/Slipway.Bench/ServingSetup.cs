using System.Globalization;
using System.Text.Json.Nodes;
using Slipway.Testing;

namespace Slipway.Bench;

/// <summary>
/// Puts the serving benchmarks' model in front of a fresh server on this machine: a linear ONNX model of
/// <see cref="Features"/> features (y = x·w + b, input <c>x</c> FP32 [-1, 8]) written as a run's <c>model/</c> artifacts
/// straight into the server's artifact directory, registered as <c>linear</c> version 1 with source
/// <c>runs:/{run}/model</c>, and deployed under each name asked for with its inference-log sample rate. Returns once
/// every deployment answers ready.
/// </summary>
public static class ServingSetup
{
    /// <summary>Features per row of the benchmark model.</summary>
    public const int Features = 8;

    /// <summary>The weights the model multiplies with; the benchmarks' rows are (0.1, 0.2, ..., 0.8)-like.</summary>
    public static float[] Weights { get; } = [.. Enumerable.Range(1, Features).Select(i => i / 10f)];

    public static async Task RunAsync(MlflowLoadClient client, string dataDirectory, IReadOnlyList<(string Name, double SampleRate)> deployments)
    {
        var experiment = await client.CreateExperimentAsync("bench-serving");
        var run = await client.CreateRunAsync(experiment);
        ModelDirectories.Linear(Path.Combine(dataDirectory, "artifacts", experiment, run, "artifacts", "model"), Weights, 0.5f);
        await client.PostJsonAsync("api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = "linear" });
        var version = await client.PostJsonAsync("api/2.0/mlflow/model-versions/create", new JsonObject
        {
            ["name"] = "linear",
            ["source"] = $"runs:/{run}/model",
            ["run_id"] = run,
        });
        var number = version["model_version"]!["version"]!.GetValue<string>();
        foreach (var (name, rate) in deployments)
        {
            await client.PostJsonAsync("api/v1/deployments", new JsonObject
            {
                ["name"] = name,
                ["model"] = $"models:/linear/{number}",
                ["log_sample_rate"] = rate,
            });
            for (var attempt = 0; !await client.GetAsync($"v2/models/{name}/ready"); attempt++)
            {
                if (attempt == 100)
                {
                    throw new InvalidOperationException($"Deployment '{name}' did not become ready within 10 s.");
                }

                await Task.Delay(100);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"deployed {name}: models:/linear/{number}, log_sample_rate {rate}"));
        }
    }

    /// <summary>One row of the model's features as a V2 REST request body.</summary>
    public static byte[] OneRowV2Body() => MlflowLoadClient.Encode(new JsonObject
    {
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = "x",
            ["shape"] = new JsonArray(1, Features),
            ["datatype"] = "FP32",
            ["data"] = new JsonArray([.. Enumerable.Range(0, Features).Select(i => (JsonNode)(0.25f + (i * 0.125f)))]),
        }),
    });
}
