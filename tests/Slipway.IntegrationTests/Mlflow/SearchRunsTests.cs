using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;
using static Slipway.IntegrationTests.Infrastructure.MlflowApi;

namespace Slipway.IntegrationTests.Mlflow;

public sealed class SqliteSearchRunsTests(SearchRunsFixture data) : SearchRunsTests<SearchRunsFixture>(data);

[Trait("Category", "Postgres")]
public sealed class PostgresSearchRunsTests(PostgresSearchRunsFixture data) : SearchRunsTests<PostgresSearchRunsFixture>(data);

/// <summary>The search-runs filter grammar, ordering and paging over the runs of <see cref="SearchRunsFixture"/>.</summary>
public abstract class SearchRunsTests<TData>(TData data) : IClassFixture<TData>
    where TData : SearchRunsFixture
{
    private readonly MlflowApi _api = data.Api;

    [Theory]
    [InlineData("", "alpha beta delta gamma")]
    [InlineData("metrics.acc > 0.75", "alpha gamma")]
    [InlineData("metrics.acc >= 0.8", "alpha gamma")]
    [InlineData("metrics.acc < 0.8", "beta")]
    [InlineData("metrics.acc <= 0.8", "beta gamma")]
    [InlineData("metrics.acc = 0.9", "alpha")]
    [InlineData("metrics.acc != 0.9", "beta gamma")]
    [InlineData("metrics.loss > 0.4", "beta delta")]
    [InlineData("metrics.`my metric` = 1", "alpha")]
    [InlineData("params.model = 'cnn'", "alpha")]
    [InlineData("params.model != 'cnn'", "beta delta gamma")]
    [InlineData("params.model LIKE 'cnn%'", "alpha")]
    [InlineData("params.model ILIKE 'cnn%'", "alpha gamma")]
    [InlineData("params.model IN ('rnn', 'mlp')", "beta delta")]
    [InlineData("params.lr = '0.01'", "alpha gamma")]
    [InlineData("tags.team = 'vision'", "alpha gamma")]
    [InlineData("tags.team != 'vision'", "beta")]
    [InlineData("tags.team LIKE '%l%'", "beta")]
    [InlineData("tags.`mlflow.runName` = 'beta'", "beta")]
    [InlineData("attributes.status = 'FINISHED'", "alpha delta")]
    [InlineData("attributes.status != 'RUNNING'", "alpha delta gamma")]
    [InlineData("attributes.run_name = 'gamma'", "gamma")]
    [InlineData("attributes.run_name LIKE 'g%'", "gamma")]
    [InlineData("attributes.start_time > 2500", "delta gamma")]
    [InlineData("attributes.start_time <= 2000", "alpha beta")]
    [InlineData("datasets.name = 'train'", "alpha")]
    [InlineData("datasets.digest = 'd2'", "beta")]
    [InlineData("datasets.context = 'evaluation'", "beta")]
    [InlineData("metric.acc > 0.85", "alpha")]
    [InlineData("params.model NOT IN ('cnn', 'rnn')", "delta gamma")]
    [InlineData("params.\"lr\" = '0.1'", "beta")]
    [InlineData("tags.team IS NULL", "delta")]
    [InlineData("tags.team IS NOT NULL", "alpha beta gamma")]
    [InlineData("datasets.name IN ('train', 'eval')", "alpha beta")]
    [InlineData("metrics.acc > 0.75 AND params.model = 'cnn'", "alpha")]
    [InlineData("metrics.acc > 0.5 and tags.team = 'vision' and attributes.status = 'FAILED'", "gamma")]
    [InlineData("params.model = 'no-such-model'", "")]
    public async Task SearchRuns_filter_selects_the_matching_runs(string filter, string expected)
    {
        var names = await SearchNamesAsync(filter);

        Assert.Equal(Split(expected), names.Order());
    }

    [Fact]
    public async Task SearchRuns_by_GET_with_query_string_applies_the_filter()
    {
        var response = await _api.GetOkAsync(
            "runs/search",
            ("experiment_ids", data.ExperimentId),
            ("filter", "params.model = 'rnn'"));

        Assert.Equal(["beta"], Names(response));
    }

    [Fact]
    public async Task SearchRuns_filters_by_run_id_IN()
    {
        var alpha = data.RunIds["alpha"];
        var delta = data.RunIds["delta"];

        var names = await SearchNamesAsync($"attributes.run_id IN ('{alpha}', '{delta}')");

        Assert.Equal(["alpha", "delta"], names.Order());
    }

    [Theory]
    [InlineData("metrics.acc > 0.5 OR metrics.loss < 1", "OR")]
    [InlineData("foo.bar = 'x'", "foo")]
    [InlineData("metrics.acc = 'high'", "high")]
    [InlineData("params.model = 'cnn", "cnn")]
    [InlineData("metrics.acc > 0.5 AND", "AND")]
    [InlineData("attributes.colour = 'red'", "colour")]
    [InlineData("params.model ~ 'cnn'", "~")]
    public async Task SearchRuns_with_invalid_filter_returns_INVALID_PARAMETER_VALUE_naming_the_token(string filter, string token)
    {
        using var response = await _api.PostAsync("runs/search", new JsonObject
        {
            ["experiment_ids"] = new JsonArray(data.ExperimentId),
            ["filter"] = filter,
        });

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        AssertNamesToken(message, filter, token);
    }

    [Fact]
    public async Task SearchRuns_orders_by_metric_descending_with_runs_missing_the_metric_last()
    {
        var names = await SearchNamesAsync(orderBy: "metrics.acc DESC");

        Assert.Equal(["alpha", "gamma", "beta", "delta"], names);
    }

    [Fact]
    public async Task SearchRuns_orders_by_metric_ascending_with_runs_missing_the_metric_last()
    {
        var names = await SearchNamesAsync(orderBy: "metrics.acc ASC");

        Assert.Equal(["beta", "gamma", "alpha", "delta"], names);
    }

    [Fact]
    public async Task SearchRuns_orders_by_run_name_and_by_start_time()
    {
        Assert.Equal(["alpha", "beta", "delta", "gamma"], await SearchNamesAsync(orderBy: "attributes.run_name ASC"));
        Assert.Equal(["delta", "gamma", "beta", "alpha"], await SearchNamesAsync(orderBy: "attributes.start_time DESC"));
    }

    [Fact]
    public async Task SearchRuns_orders_by_start_time_descending_by_default()
    {
        Assert.Equal(["delta", "gamma", "beta", "alpha"], await SearchNamesAsync());
    }

    [Fact]
    public async Task SearchRuns_with_invalid_order_by_returns_INVALID_PARAMETER_VALUE()
    {
        using var response = await _api.PostAsync("runs/search", new JsonObject
        {
            ["experiment_ids"] = new JsonArray(data.ExperimentId),
            ["order_by"] = new JsonArray("metrics.acc SIDEWAYS"),
        });

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        AssertNamesToken(message, "metrics.acc SIDEWAYS", "SIDEWAYS");
    }

    [Theory]
    [InlineData("ACTIVE_ONLY", "alpha beta delta gamma")]
    [InlineData("DELETED_ONLY", "epsilon")]
    [InlineData("ALL", "alpha beta delta epsilon gamma")]
    public async Task SearchRuns_run_view_type_selects_active_deleted_or_all(string viewType, string expected)
    {
        var response = await _api.PostOkAsync("runs/search", new JsonObject
        {
            ["experiment_ids"] = new JsonArray(data.ExperimentId),
            ["run_view_type"] = viewType,
        });

        Assert.Equal(Split(expected), Names(response).Order());
    }

    [Fact]
    public async Task SearchRuns_returns_full_run_data()
    {
        var response = await _api.PostOkAsync("runs/search", new JsonObject
        {
            ["experiment_ids"] = new JsonArray(data.ExperimentId),
            ["filter"] = "attributes.run_name = 'alpha'",
        });

        var run = Assert.Single(response.Items("runs"));
        Assert.Equal(0.9, run.Items("data.metrics").Single(m => m.Str("key") == "acc").Num("value"));
        run.AssertTag("data.params", "model", "cnn");
        run.AssertTag("data.tags", "team", "vision");
        Assert.Equal("train", Assert.Single(run.Items("inputs.dataset_inputs")).Str("dataset.name"));
    }

    [Fact]
    public async Task SearchRuns_pages_through_every_run_once_with_max_results_and_page_token()
    {
        var experimentId = await _api.CreateExperimentAsync();
        var created = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            // Equal start times in pairs, so the paging order must break ties consistently.
            created.Add(await _api.CreateRunIdAsync(experimentId, $"run-{i:00}", startTime: 10_000 + (i / 2)));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var body = new JsonObject { ["experiment_ids"] = new JsonArray(experimentId), ["max_results"] = 5 };
            if (token is not null)
            {
                body["page_token"] = token;
            }

            var page = await _api.PostOkAsync("runs/search", body);
            var ids = page.Items("runs").Select(r => r.Str("info.run_id")).ToList();
            Assert.True(ids.Count <= 5, $"A page held {ids.Count} runs with max_results=5.");
            seen.AddRange(ids);
            token = page.At("next_page_token")?.GetValue<string>();
            pages++;
            Assert.True(pages <= 10, "Pagination did not end.");
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(created.Order(), seen.Order());
    }

    [Fact]
    public async Task SearchRuns_with_max_results_above_50000_returns_INVALID_PARAMETER_VALUE()
    {
        using var response = await _api.PostAsync("runs/search", new JsonObject
        {
            ["experiment_ids"] = new JsonArray(data.ExperimentId),
            ["max_results"] = 50_001,
        });

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("max_results", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchRuns_across_several_experiments_returns_runs_of_each()
    {
        var other = await _api.CreateExperimentAsync();
        var otherRun = await _api.CreateRunIdAsync(other, "other-run");

        var response = await _api.PostOkAsync("runs/search", new JsonObject
        {
            ["experiment_ids"] = new JsonArray(data.ExperimentId, other),
            ["filter"] = $"attributes.run_id IN ('{data.RunIds["alpha"]}', '{otherRun}')",
        });

        Assert.Equal(new[] { data.RunIds["alpha"], otherRun }.Order(), response.Items("runs").Select(r => r.Str("info.run_id")).Order());
    }

    private async Task<List<string>> SearchNamesAsync(string filter = "", string? orderBy = null)
    {
        var body = new JsonObject { ["experiment_ids"] = new JsonArray(data.ExperimentId), ["filter"] = filter };
        if (orderBy is not null)
        {
            body["order_by"] = new JsonArray(orderBy);
        }

        return Names(await _api.PostOkAsync("runs/search", body));
    }

    private static List<string> Names(JsonNode response) => response.Items("runs").Select(r => r.Str("info.run_name")).ToList();

    private static string[] Split(string names) => names.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
