using System.Text.Json.Nodes;

namespace Slipway.Bench;

/// <summary>The benchmark scenarios from the core platform issue, each returning its measurements.</summary>
public static class Scenarios
{
    /// <summary>How long each scenario runs before measuring starts, so the server's JIT has settled.</summary>
    public static TimeSpan Warmup { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>log-batch with 1000 metrics per request; each connection logs to its own run.</summary>
    public static async Task<LoadResult> LogBatchAsync(MlflowLoadClient client, int connections, TimeSpan duration)
    {
        const int metricsPerRequest = 1000;
        const int distinctBodies = 32;
        var experiment = await client.CreateExperimentAsync("bench-log-batch");
        var bodies = new byte[connections][][];
        for (var c = 0; c < connections; c++)
        {
            var runId = await client.CreateRunAsync(experiment);
            bodies[c] = new byte[distinctBodies][];
            for (var b = 0; b < distinctBodies; b++)
            {
                var metrics = new JsonArray();
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                for (var m = 0; m < metricsPerRequest; m++)
                {
                    // 100 metric keys x 10 steps per request, steps advancing with the body index.
                    metrics.Add(new JsonObject
                    {
                        ["key"] = "metric_" + (m % 100),
                        ["value"] = Random.Shared.NextDouble(),
                        ["timestamp"] = timestamp + m,
                        ["step"] = (b * 10) + (m / 100),
                    });
                }

                bodies[c][b] = MlflowLoadClient.Encode(new JsonObject { ["run_id"] = runId, ["metrics"] = metrics });
            }
        }

        return await LoadRunner.RunAsync("log-batch (1000 metrics)", connections, Warmup, duration, metricsPerRequest, (c, i) =>
            client.PostAsync("api/2.0/mlflow/runs/log-batch", bodies[c][i % distinctBodies]));
    }

    public static async Task<LoadResult> LogMetricAsync(MlflowLoadClient client, int connections, TimeSpan duration)
    {
        var experiment = await client.CreateExperimentAsync("bench-log-metric");
        var bodies = new byte[connections][][];
        for (var c = 0; c < connections; c++)
        {
            var runId = await client.CreateRunAsync(experiment);
            bodies[c] = Enumerable.Range(0, 256).Select(step => MlflowLoadClient.Encode(new JsonObject
            {
                ["run_id"] = runId,
                ["key"] = "loss",
                ["value"] = 1.0 / (step + 1),
                ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                ["step"] = step,
            })).ToArray();
        }

        return await LoadRunner.RunAsync("log-metric", connections, Warmup, duration, 1, (c, i) =>
            client.PostAsync("api/2.0/mlflow/runs/log-metric", bodies[c][i % 256]));
    }

    public static async Task<LoadResult> CreateRunAsync(MlflowLoadClient client, int connections, TimeSpan duration)
    {
        var experiment = await client.CreateExperimentAsync("bench-create-run");
        var body = MlflowLoadClient.Encode(new JsonObject
        {
            ["experiment_id"] = experiment,
            ["start_time"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "mlflow.user", ["value"] = "bench" }),
        });
        return await LoadRunner.RunAsync("runs/create", connections, Warmup, duration, 1, (_, _) =>
            client.PostAsync("api/2.0/mlflow/runs/create", body));
    }

    /// <summary>
    /// Seeds an experiment with <paramref name="runCount"/> runs (two metrics, two params, a tag each), then
    /// measures search with a metric filter, a param filter and a metric order.
    /// </summary>
    public static async Task<IReadOnlyList<LoadResult>> SearchRunsAsync(MlflowLoadClient client, int runCount, IReadOnlyList<int> connectionCounts, IReadOnlyList<int> pageSizes, TimeSpan duration)
    {
        var experiment = await client.CreateExperimentAsync("bench-search");
        var optimizers = new[] { "adam", "sgd", "rmsprop", "adagrad" };
        var seeded = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, runCount), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var runId = await client.CreateRunAsync(experiment);
            var body = new JsonObject
            {
                ["run_id"] = runId,
                ["metrics"] = new JsonArray(
                    new JsonObject { ["key"] = "accuracy", ["value"] = Random.Shared.NextDouble(), ["timestamp"] = 1, ["step"] = 0 },
                    new JsonObject { ["key"] = "loss", ["value"] = Random.Shared.NextDouble(), ["timestamp"] = 1, ["step"] = 0 }),
                ["params"] = new JsonArray(
                    new JsonObject { ["key"] = "optimizer", ["value"] = optimizers[i % optimizers.Length] },
                    new JsonObject { ["key"] = "learning_rate", ["value"] = MlflowLoadClient.Invariant(0.001 * (1 + (i % 10))) }),
                ["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = i % 2 == 0 ? "vision" : "nlp" }),
            };
            await client.PostJsonAsync("api/2.0/mlflow/runs/log-batch", body);
            Interlocked.Increment(ref seeded);
        });

        var results = new List<LoadResult>();
        foreach (var pageSize in pageSizes)
        {
            var body = MlflowLoadClient.Encode(new JsonObject
            {
                ["experiment_ids"] = new JsonArray(experiment),
                ["filter"] = "metrics.accuracy > 0.5 and params.optimizer = 'adam'",
                ["order_by"] = new JsonArray("metrics.accuracy DESC"),
                ["max_results"] = pageSize,
            });
            foreach (var connections in connectionCounts)
            {
                results.Add(await LoadRunner.RunAsync($"runs/search {seeded} runs, page {pageSize}", connections, Warmup, duration, 1, (_, _) =>
                    client.PostAsync("api/2.0/mlflow/runs/search", body)));
            }
        }

        return results;
    }

    public static async Task<LoadResult> MetricHistoryAsync(MlflowLoadClient client, int steps, TimeSpan duration)
    {
        var experiment = await client.CreateExperimentAsync("bench-history");
        var runId = await client.CreateRunAsync(experiment);
        for (var start = 0; start < steps; start += 1000)
        {
            var metrics = new JsonArray();
            for (var step = start; step < Math.Min(steps, start + 1000); step++)
            {
                metrics.Add(new JsonObject { ["key"] = "loss", ["value"] = 1.0 / (step + 1), ["timestamp"] = 1_700_000_000_000L + step, ["step"] = step });
            }

            await client.PostJsonAsync("api/2.0/mlflow/runs/log-batch", new JsonObject { ["run_id"] = runId, ["metrics"] = metrics });
        }

        var query = $"api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key=loss";
        return await LoadRunner.RunAsync($"metrics/get-history ({steps} steps)", 1, Warmup, duration, steps, (_, _) => client.GetAsync(query));
    }
}
