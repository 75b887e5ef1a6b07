using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;
using static Slipway.IntegrationTests.Infrastructure.MlflowApi;

namespace Slipway.IntegrationTests.Mlflow;

public sealed class SqliteMetricHistoryTests(SlipwayServerFixture server) : MetricHistoryTests<SlipwayServerFixture>(server);

[Trait("Category", "Postgres")]
public sealed class PostgresMetricHistoryTests(PostgresServerFixture server) : MetricHistoryTests<PostgresServerFixture>(server);

public abstract class MetricHistoryTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : SlipwayServerFixture
{
    private readonly MlflowApi _api = server.Api;

    [Fact]
    public async Task GetMetricHistory_returns_every_logged_value_ordered_by_step()
    {
        var runId = await NewRunAsync();
        await _api.LogBatchAsync(runId, metrics: [Metric("loss", 0.3, step: 2), Metric("loss", 0.9, step: 0), Metric("loss", 0.5, step: 1), Metric("other", 7, step: 0)]);

        var history = (await _api.GetOkAsync("metrics/get-history", ("run_id", runId), ("metric_key", "loss"))).Items("metrics");

        Assert.Equal([0L, 1L, 2L], history.Select(m => m.Int64Value("step")));
        Assert.Equal([0.9, 0.5, 0.3], history.Select(m => m.Num("value")));
        Assert.All(history, m => Assert.Equal("loss", m.Str("key")));
    }

    [Fact]
    public async Task GetMetricHistory_of_unlogged_key_is_empty()
    {
        var runId = await NewRunAsync();

        var response = await _api.GetOkAsync("metrics/get-history", ("run_id", runId), ("metric_key", "never"));

        Assert.Empty(response.Items("metrics"));
    }

    [Fact]
    public async Task GetMetricHistory_pages_with_max_results_and_page_token_in_step_order()
    {
        var runId = await NewRunAsync();
        await _api.LogBatchAsync(runId, metrics: new JsonArray(Enumerable.Range(0, 25).Reverse().Select(i => (JsonNode?)Metric("m", i * 10, step: i)).ToArray()));

        var steps = new List<long>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = new List<(string, string)> { ("run_id", runId), ("metric_key", "m"), ("max_results", "10") };
            if (token is not null)
            {
                query.Add(("page_token", token));
            }

            var page = await _api.GetOkAsync("metrics/get-history", [.. query]);
            var items = page.Items("metrics");
            Assert.True(items.Count <= 10, $"A page held {items.Count} values with max_results=10.");
            steps.AddRange(items.Select(m => m.Int64Value("step")));
            token = page.At("next_page_token")?.GetValue<string>();
            pages++;
            Assert.True(pages <= 10, "Pagination did not end.");
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), steps);
    }

    [Fact]
    public async Task GetMetricHistory_of_unknown_run_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _api.GetAsync("metrics/get-history", ("run_id", Guid.NewGuid().ToString("N")), ("metric_key", "m"));

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task GetMetricHistory_without_metric_key_returns_INVALID_PARAMETER_VALUE()
    {
        var runId = await NewRunAsync();

        using var response = await _api.GetAsync("metrics/get-history", ("run_id", runId));

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("metric_key", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMetricHistoryBulkInterval_downsamples_each_run_keeping_first_and_last_step()
    {
        var first = await NewRunAsync();
        var second = await NewRunAsync();
        foreach (var runId in new[] { first, second })
        {
            for (var start = 0; start < 1000; start += 500)
            {
                await _api.LogBatchAsync(runId, metrics: new JsonArray(Enumerable.Range(start, 500).Select(i => (JsonNode?)Metric("loss", 1.0 / (i + 1), step: i)).ToArray()));
            }
        }

        var response = await _api.GetOkAsync(
            "metrics/get-history-bulk-interval",
            ("run_ids", first),
            ("run_ids", second),
            ("metric_key", "loss"),
            ("max_results", "10"));

        var byRun = response.Items("metrics").GroupBy(m => m.Str("run_id")).ToDictionary(g => g.Key, g => g.Select(m => m.Int64Value("step")).ToList());
        Assert.Equal(new[] { first, second }.Order(), byRun.Keys.Order());
        foreach (var steps in byRun.Values)
        {
            Assert.InRange(steps.Count, 2, 10);
            Assert.Contains(0L, steps);
            Assert.Contains(999L, steps);
            Assert.Equal(steps.Order(), steps);
            Assert.Equal(steps.Count, steps.Distinct().Count());
        }
    }

    [Fact]
    public async Task GetMetricHistoryBulkInterval_restricts_to_the_step_range()
    {
        var runId = await NewRunAsync();
        await _api.LogBatchAsync(runId, metrics: new JsonArray(Enumerable.Range(0, 100).Select(i => (JsonNode?)Metric("acc", i / 100.0, step: i)).ToArray()));

        var response = await _api.PostOkAsync("metrics/get-history-bulk-interval", new JsonObject
        {
            ["run_ids"] = new JsonArray(runId),
            ["metric_key"] = "acc",
            ["start_step"] = 20,
            ["end_step"] = 40,
            ["max_results"] = 100,
        });

        var steps = response.Items("metrics").Select(m => m.Int64Value("step")).ToList();
        Assert.Equal(Enumerable.Range(20, 21).Select(i => (long)i), steps);
    }

    [Fact]
    public async Task GetMetricHistoryBulkInterval_caps_an_oversized_max_results_instead_of_failing()
    {
        var runId = await NewRunAsync();
        await _api.LogBatchAsync(runId, metrics: new JsonArray(Enumerable.Range(0, 30).Select(i => (JsonNode?)Metric("m", i, step: i)).ToArray()));

        var response = await _api.GetOkAsync("metrics/get-history-bulk-interval", ("run_ids", runId), ("metric_key", "m"), ("max_results", "100000"));

        Assert.Equal(30, response.Items("metrics").Count);
    }

    [Fact]
    public async Task GetMetricHistoryBulkInterval_with_more_than_100_runs_returns_INVALID_PARAMETER_VALUE()
    {
        var runIds = new JsonArray(Enumerable.Range(0, 101).Select(_ => (JsonNode?)Guid.NewGuid().ToString("N")).ToArray());

        using var response = await _api.PostAsync("metrics/get-history-bulk-interval", new JsonObject { ["run_ids"] = runIds, ["metric_key"] = "m" });

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("100", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMetricHistoryBulkInterval_without_run_ids_returns_INVALID_PARAMETER_VALUE()
    {
        using var response = await _api.GetAsync("metrics/get-history-bulk-interval", ("metric_key", "m"));

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task GetMetricHistoryBulkInterval_with_start_after_end_returns_INVALID_PARAMETER_VALUE()
    {
        var runId = await NewRunAsync();

        using var response = await _api.GetAsync(
            "metrics/get-history-bulk-interval", ("run_ids", runId), ("metric_key", "m"), ("start_step", "10"), ("end_step", "5"));

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
    }

    private async Task<string> NewRunAsync() => await _api.CreateRunIdAsync(await _api.CreateExperimentAsync());
}
