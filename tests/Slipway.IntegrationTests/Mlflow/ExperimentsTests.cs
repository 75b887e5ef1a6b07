using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;
using static Slipway.IntegrationTests.Infrastructure.MlflowApi;

namespace Slipway.IntegrationTests.Mlflow;

public sealed class SqliteExperimentsTests(SlipwayServerFixture server) : ExperimentsTests<SlipwayServerFixture>(server);

[Trait("Category", "Postgres")]
public sealed class PostgresExperimentsTests(PostgresServerFixture server) : ExperimentsTests<PostgresServerFixture>(server);

public abstract class ExperimentsTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : SlipwayServerFixture
{
    private readonly MlflowApi _api = server.Api;

    [Fact]
    public async Task Default_experiment_0_exists_and_is_active()
    {
        var experiment = await _api.GetExperimentAsync("0");

        Assert.Equal("0", experiment.Str("experiment_id"));
        Assert.Equal("Default", experiment.Str("name"));
        Assert.Equal("active", experiment.Str("lifecycle_stage"));
    }

    [Fact]
    public async Task CreateExperiment_returns_an_id_that_GetExperiment_finds_with_name_tags_and_artifact_location()
    {
        var name = Names.Unique("exp");

        var id = await _api.CreateExperimentAsync(name, KeyValues(("team", "vision"), ("owner", "ada")));
        var experiment = await _api.GetExperimentAsync(id);

        Assert.Equal(id, experiment.Str("experiment_id"));
        Assert.Equal(name, experiment.Str("name"));
        Assert.Equal("active", experiment.Str("lifecycle_stage"));
        Assert.Equal($"mlflow-artifacts:/{id}", experiment.Str("artifact_location"));
        Assert.True(experiment.Int64Value("creation_time") > 0);
        experiment.AssertTag("tags", "team", "vision");
        experiment.AssertTag("tags", "owner", "ada");
    }

    [Fact]
    public async Task CreateExperiment_with_artifact_location_gives_its_runs_locations_under_it()
    {
        var id = (await _api.PostOkAsync("experiments/create", new JsonObject
        {
            ["name"] = Names.Unique("located"),
            ["artifact_location"] = "s3://bucket/experiments/x",
        })).Str("experiment_id");

        var run = await _api.CreateRunAsync(id);

        Assert.Equal("s3://bucket/experiments/x", (await _api.GetExperimentAsync(id)).Str("artifact_location"));
        Assert.Equal($"s3://bucket/experiments/x/{run.Str("info.run_id")}/artifacts", run.Str("info.artifact_uri"));
    }

    [Fact]
    public async Task CreateExperiment_with_duplicate_name_returns_RESOURCE_ALREADY_EXISTS()
    {
        var name = Names.Unique("exp");
        await _api.CreateExperimentAsync(name);

        using var response = await _api.PostAsync("experiments/create", new JsonObject { ["name"] = name });

        var message = await AssertError(response, 400, "RESOURCE_ALREADY_EXISTS");
        Assert.Contains(name, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"name\": \"\"}")]
    public async Task CreateExperiment_without_name_returns_INVALID_PARAMETER_VALUE(string body)
    {
        using var response = await _api.PostAsync("experiments/create", JsonNode.Parse(body)!);

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("name", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GetExperiment_with_unknown_id_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _api.GetAsync("experiments/get", ("experiment_id", "987654321"));

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task GetExperiment_without_id_returns_INVALID_PARAMETER_VALUE()
    {
        using var response = await _api.GetAsync("experiments/get");

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("experiment_id", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetExperimentByName_finds_the_experiment()
    {
        var name = Names.Unique("exp");
        var id = await _api.CreateExperimentAsync(name);

        var response = await _api.GetOkAsync("experiments/get-by-name", ("experiment_name", name));

        Assert.Equal(id, response.Str("experiment.experiment_id"));
        Assert.Equal(name, response.Str("experiment.name"));
    }

    [Fact]
    public async Task GetExperimentByName_with_unknown_name_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _api.GetAsync("experiments/get-by-name", ("experiment_name", Names.Unique("missing")));

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task SearchExperiments_by_GET_filters_by_name_LIKE()
    {
        var prefix = Names.Unique("like");
        var a = await _api.CreateExperimentAsync(prefix + "-a");
        var b = await _api.CreateExperimentAsync(prefix + "-b");
        await _api.CreateExperimentAsync(Names.Unique("other"));

        var response = await _api.GetOkAsync("experiments/search", ("filter", $"name LIKE '{prefix}%'"), ("max_results", "100"));

        Assert.Equal([a, b], Ids(response).Order());
    }

    [Fact]
    public async Task SearchExperiments_by_POST_filters_by_name_LIKE_and_tag()
    {
        var prefix = Names.Unique("post");
        var tagged = await _api.CreateExperimentAsync(prefix + "-tagged", KeyValues(("stage", "prod")));
        await _api.CreateExperimentAsync(prefix + "-untagged", KeyValues(("stage", "dev")));

        var response = await _api.PostOkAsync("experiments/search", new JsonObject
        {
            ["filter"] = $"name LIKE '{prefix}%' AND tags.stage = 'prod'",
            ["max_results"] = 100,
        });

        Assert.Equal([tagged], Ids(response));
    }

    [Fact]
    public async Task SearchExperiments_orders_by_name_descending()
    {
        var prefix = Names.Unique("order");
        var a = await _api.CreateExperimentAsync(prefix + "-a");
        var c = await _api.CreateExperimentAsync(prefix + "-c");
        var b = await _api.CreateExperimentAsync(prefix + "-b");

        var response = await _api.PostOkAsync("experiments/search", new JsonObject
        {
            ["filter"] = $"name LIKE '{prefix}%'",
            ["order_by"] = new JsonArray("name DESC"),
        });

        Assert.Equal([c, b, a], Ids(response));
    }

    [Fact]
    public async Task SearchExperiments_view_type_selects_active_deleted_or_all()
    {
        var prefix = Names.Unique("view");
        var active = await _api.CreateExperimentAsync(prefix + "-active");
        var deleted = await _api.CreateExperimentAsync(prefix + "-deleted");
        await _api.PostOkAsync("experiments/delete", new JsonObject { ["experiment_id"] = deleted });

        async Task<IEnumerable<string>> SearchAsync(string viewType) => Ids(await _api.PostOkAsync("experiments/search", new JsonObject
        {
            ["filter"] = $"name LIKE '{prefix}%'",
            ["view_type"] = viewType,
        })).Order();

        Assert.Equal([active], await SearchAsync("ACTIVE_ONLY"));
        Assert.Equal([deleted], await SearchAsync("DELETED_ONLY"));
        Assert.Equal(new[] { active, deleted }.Order(), await SearchAsync("ALL"));
    }

    [Fact]
    public async Task SearchExperiments_pages_through_all_results_with_max_results_and_page_token()
    {
        var prefix = Names.Unique("page");
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add(await _api.CreateExperimentAsync($"{prefix}-{i}"));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var body = new JsonObject { ["filter"] = $"name LIKE '{prefix}%'", ["max_results"] = 3 };
            if (token is not null)
            {
                body["page_token"] = token;
            }

            var page = await _api.PostOkAsync("experiments/search", body);
            var ids = Ids(page);
            Assert.True(ids.Count <= 3, $"A page held {ids.Count} experiments with max_results=3.");
            seen.AddRange(ids);
            token = page.At("next_page_token")?.GetValue<string>();
            pages++;
            Assert.True(pages <= 10, "Pagination did not end.");
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(created.Order(), seen.Order());
        Assert.InRange(pages, 3, 4);
    }

    [Theory]
    [InlineData("name LIKE 'x%' OR name LIKE 'y%'", "OR")]
    [InlineData("colour = 'red'", "colour")]
    [InlineData("name = 'oops", "oops")]
    public async Task SearchExperiments_with_invalid_filter_returns_400_naming_the_token(string filter, string token)
    {
        using var response = await _api.PostAsync("experiments/search", new JsonObject { ["filter"] = filter });

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        AssertNamesToken(message, filter, token);
    }

    [Fact]
    public async Task SearchExperiments_with_max_results_above_the_limit_returns_INVALID_PARAMETER_VALUE()
    {
        using var response = await _api.PostAsync("experiments/search", new JsonObject { ["max_results"] = 50_001 });

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("max_results", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchExperiments_with_garbage_page_token_returns_INVALID_PARAMETER_VALUE()
    {
        using var response = await _api.PostAsync("experiments/search", new JsonObject { ["page_token"] = "not-a-token!" });

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task UpdateExperiment_renames_it()
    {
        var id = await _api.CreateExperimentAsync();
        var newName = Names.Unique("renamed");

        await _api.PostOkAsync("experiments/update", new JsonObject { ["experiment_id"] = id, ["new_name"] = newName });

        Assert.Equal(newName, (await _api.GetExperimentAsync(id)).Str("name"));
        Assert.Equal(id, (await _api.GetOkAsync("experiments/get-by-name", ("experiment_name", newName))).Str("experiment.experiment_id"));
    }

    [Fact]
    public async Task UpdateExperiment_of_unknown_experiment_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _api.PostAsync("experiments/update", new JsonObject { ["experiment_id"] = "987654321", ["new_name"] = Names.Unique("x") });

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task DeleteExperiment_marks_it_deleted_and_hides_its_runs_from_active_search_until_restored()
    {
        var id = await _api.CreateExperimentAsync();
        var runId = await _api.CreateRunIdAsync(id);

        await _api.PostOkAsync("experiments/delete", new JsonObject { ["experiment_id"] = id });

        Assert.Equal("deleted", (await _api.GetExperimentAsync(id)).Str("lifecycle_stage"));
        var active = await _api.PostOkAsync("runs/search", new JsonObject { ["experiment_ids"] = new JsonArray(id), ["run_view_type"] = "ACTIVE_ONLY" });
        Assert.Empty(active.Items("runs"));

        await _api.PostOkAsync("experiments/restore", new JsonObject { ["experiment_id"] = id });

        Assert.Equal("active", (await _api.GetExperimentAsync(id)).Str("lifecycle_stage"));
        var restored = await _api.PostOkAsync("runs/search", new JsonObject { ["experiment_ids"] = new JsonArray(id) });
        Assert.Equal([runId], restored.Items("runs").Select(r => r.Str("info.run_id")));
    }

    [Fact]
    public async Task DeleteExperiment_of_unknown_experiment_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _api.PostAsync("experiments/delete", new JsonObject { ["experiment_id"] = "987654321" });

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task SetExperimentTag_adds_and_overwrites_a_tag()
    {
        var id = await _api.CreateExperimentAsync();

        await _api.PostOkAsync("experiments/set-experiment-tag", new JsonObject { ["experiment_id"] = id, ["key"] = "note", ["value"] = "first" });
        await _api.PostOkAsync("experiments/set-experiment-tag", new JsonObject { ["experiment_id"] = id, ["key"] = "note", ["value"] = "second" });

        var experiment = await _api.GetExperimentAsync(id);
        experiment.AssertTag("tags", "note", "second");
        Assert.Single(experiment.Items("tags"), t => t.Str("key") == "note");
    }

    [Fact]
    public async Task SetExperimentTag_without_key_returns_INVALID_PARAMETER_VALUE()
    {
        var id = await _api.CreateExperimentAsync();

        using var response = await _api.PostAsync("experiments/set-experiment-tag", new JsonObject { ["experiment_id"] = id, ["value"] = "v" });

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("key", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ajax_api_prefix_serves_the_same_experiment_endpoints()
    {
        var name = Names.Unique("ajax");

        var id = await server.Ajax.CreateExperimentAsync(name);

        Assert.Equal(name, (await server.Ajax.GetExperimentAsync(id)).Str("name"));
        Assert.Equal(name, (await _api.GetExperimentAsync(id)).Str("name"));
        var search = await server.Ajax.GetOkAsync("experiments/search", ("filter", $"name = '{name}'"));
        Assert.Equal([id], Ids(search));
        using var missing = await server.Ajax.GetAsync("experiments/get", ("experiment_id", "987654321"));
        await AssertError(missing, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    private static List<string> Ids(JsonNode searchResponse) =>
        searchResponse.Items("experiments").Select(e => e.Str("experiment_id")).ToList();
}
