using System.Net;
using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;
using static Slipway.IntegrationTests.Infrastructure.MlflowApi;

namespace Slipway.IntegrationTests.Mlflow;

public sealed class SqliteConcurrencyTests(SlipwayServerFixture server) : ConcurrencyTests<SlipwayServerFixture>(server);

[Trait("Category", "Postgres")]
public sealed class PostgresConcurrencyTests(PostgresServerFixture server) : ConcurrencyTests<PostgresServerFixture>(server);

/// <summary>
/// Racing requests get the answers a single request would: one winner and clean MLflow errors for the rest,
/// never a 500, never a duplicate or a gap.
/// </summary>
public abstract class ConcurrencyTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : SlipwayServerFixture
{
    private const int Racers = 16;

    private readonly MlflowApi _api = server.Api;

    [Fact]
    public async Task Racing_creates_of_one_experiment_name_give_one_id_and_RESOURCE_ALREADY_EXISTS_for_the_rest()
    {
        var name = Names.Unique("race");

        var responses = await RaceAsync(() => _api.PostAsync("experiments/create", new JsonObject { ["name"] = name }));

        Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        Assert.All(
            responses.Where(r => r.Status != HttpStatusCode.OK),
            r => Assert.True(r.Status == HttpStatusCode.BadRequest && r.Body.Contains("RESOURCE_ALREADY_EXISTS", StringComparison.Ordinal), $"{(int)r.Status}: {r.Body}"));
    }

    [Fact]
    public async Task Racing_model_version_creates_number_versions_1_to_N_without_gaps()
    {
        var name = await _api.CreateRegisteredModelAsync();
        var runId = await _api.CreateRunIdAsync(await _api.CreateExperimentAsync());

        var responses = await RaceAsync(() => _api.PostAsync("model-versions/create", new JsonObject
        {
            ["name"] = name,
            ["source"] = $"runs:/{runId}/model",
            ["run_id"] = runId,
        }));

        Assert.All(responses, r => Assert.True(r.Status == HttpStatusCode.OK, $"{(int)r.Status}: {r.Body}"));
        var versions = responses.Select(r => JsonNode.Parse(r.Body)!.Str("model_version.version")).Select(int.Parse).Order().ToList();
        Assert.Equal(Enumerable.Range(1, Racers), versions);
    }

    [Fact]
    public async Task Racing_log_param_with_different_values_keeps_exactly_one()
    {
        var runId = await _api.CreateRunIdAsync(await _api.CreateExperimentAsync());
        var next = 0;

        var responses = await RaceAsync(() => _api.PostAsync("runs/log-parameter", new JsonObject
        {
            ["run_id"] = runId,
            ["key"] = "seed",
            ["value"] = $"{Interlocked.Increment(ref next)}",
        }));

        Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        Assert.All(
            responses.Where(r => r.Status != HttpStatusCode.OK),
            r => Assert.True(r.Status == HttpStatusCode.BadRequest && r.Body.Contains("INVALID_PARAMETER_VALUE", StringComparison.Ordinal), $"{(int)r.Status}: {r.Body}"));
        Assert.Single((await _api.GetRunAsync(runId)).Items("data.params"));
    }

    [Fact]
    public async Task Racing_log_batches_to_one_run_all_land()
    {
        var runId = await _api.CreateRunIdAsync(await _api.CreateExperimentAsync());
        var next = -1;

        var responses = await RaceAsync(() =>
        {
            var step = Interlocked.Increment(ref next);
            return _api.PostAsync("runs/log-batch", LogBatchBody(
                runId,
                metrics: new JsonArray(Enumerable.Range(step * 10, 10).Select(i => (JsonNode?)Metric("loss", i, step: i)).ToArray()),
                parameters: KeyValues(($"p{step}", "v")),
                tags: KeyValues(("last", $"{step}"))));
        });

        Assert.All(responses, r => Assert.True(r.Status == HttpStatusCode.OK, $"{(int)r.Status}: {r.Body}"));
        var history = (await _api.GetOkAsync("metrics/get-history", ("run_id", runId), ("metric_key", "loss"))).Items("metrics");
        Assert.Equal(Enumerable.Range(0, Racers * 10).Select(i => (long)i), history.Select(m => m.Int64Value("step")));
        Assert.Equal(Racers, (await _api.GetRunAsync(runId)).Items("data.params").Count);
    }

    [Fact]
    public async Task LogBatch_is_atomic_a_rejected_param_change_logs_none_of_the_batch()
    {
        var runId = await _api.CreateRunIdAsync(await _api.CreateExperimentAsync());
        await _api.LogBatchAsync(runId, parameters: KeyValues(("lr", "0.1")));

        using var response = await _api.PostAsync("runs/log-batch", LogBatchBody(
            runId,
            metrics: [Metric("loss", 0.5)],
            parameters: KeyValues(("epochs", "3"), ("lr", "0.2")),
            tags: KeyValues(("note", "should not appear"))));

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        var run = await _api.GetRunAsync(runId);
        Assert.Empty(run.Items("data.metrics"));
        Assert.Equal("0.1", run.Items("data.params").ValueOf("lr"));
        Assert.Null(run.Items("data.params").ValueOf("epochs"));
        Assert.Null(run.Items("data.tags").ValueOf("note"));
    }

    private static async Task<List<(HttpStatusCode Status, string Body)>> RaceAsync(Func<Task<HttpResponseMessage>> send)
    {
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, Racers).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            using var response = await send();
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        })).ToList();
        start.Set();
        return [.. await Task.WhenAll(tasks)];
    }
}
