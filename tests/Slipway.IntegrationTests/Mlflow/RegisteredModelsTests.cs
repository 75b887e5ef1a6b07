using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;
using static Slipway.IntegrationTests.Infrastructure.MlflowApi;

namespace Slipway.IntegrationTests.Mlflow;

public sealed class SqliteRegisteredModelsTests(SlipwayServerFixture server) : RegisteredModelsTests<SlipwayServerFixture>(server);

[Trait("Category", "Postgres")]
public sealed class PostgresRegisteredModelsTests(PostgresServerFixture server) : RegisteredModelsTests<PostgresServerFixture>(server);

public abstract class RegisteredModelsTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : SlipwayServerFixture
{
    private readonly MlflowApi _api = server.Api;

    [Fact]
    public async Task CreateRegisteredModel_then_Get_returns_name_description_and_tags()
    {
        var name = Names.Unique("model");

        var created = await _api.PostOkAsync("registered-models/create", new JsonObject
        {
            ["name"] = name,
            ["description"] = "classifies irises",
            ["tags"] = KeyValues(("team", "vision")),
        });
        var model = (await _api.GetOkAsync("registered-models/get", ("name", name))).Required("registered_model");

        Assert.Equal(name, created.Str("registered_model.name"));
        Assert.Equal(name, model.Str("name"));
        Assert.Equal("classifies irises", model.Str("description"));
        Assert.True(model.Int64Value("creation_timestamp") > 0);
        model.AssertTag("tags", "team", "vision");
    }

    [Fact]
    public async Task CreateRegisteredModel_with_duplicate_name_returns_RESOURCE_ALREADY_EXISTS()
    {
        var name = await _api.CreateRegisteredModelAsync();

        using var response = await _api.PostAsync("registered-models/create", new JsonObject { ["name"] = name });

        var message = await AssertError(response, 400, "RESOURCE_ALREADY_EXISTS");
        Assert.Contains(name, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRegisteredModel_without_name_returns_INVALID_PARAMETER_VALUE()
    {
        using var response = await _api.PostAsync("registered-models/create", new JsonObject());

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task GetRegisteredModel_with_unknown_name_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _api.GetAsync("registered-models/get", ("name", Names.Unique("missing")));

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task RenameRegisteredModel_moves_the_model_and_its_versions_to_the_new_name()
    {
        var name = await _api.CreateRegisteredModelAsync();
        var runId = await NewRunAsync();
        await _api.CreateModelVersionAsync(name, runId);
        var newName = Names.Unique("renamed");

        var renamed = await _api.PostOkAsync("registered-models/rename", new JsonObject { ["name"] = name, ["new_name"] = newName });

        Assert.Equal(newName, renamed.Str("registered_model.name"));
        using var old = await _api.GetAsync("registered-models/get", ("name", name));
        await AssertError(old, 404, "RESOURCE_DOES_NOT_EXIST");
        var version = await _api.GetOkAsync("model-versions/get", ("name", newName), ("version", "1"));
        Assert.Equal(newName, version.Str("model_version.name"));
    }

    [Fact]
    public async Task RenameRegisteredModel_onto_an_existing_name_returns_RESOURCE_ALREADY_EXISTS()
    {
        var first = await _api.CreateRegisteredModelAsync();
        var second = await _api.CreateRegisteredModelAsync();

        using var response = await _api.PostAsync("registered-models/rename", new JsonObject { ["name"] = first, ["new_name"] = second });

        await AssertError(response, 400, "RESOURCE_ALREADY_EXISTS");
    }

    [Fact]
    public async Task UpdateRegisteredModel_changes_the_description_with_PATCH()
    {
        var name = await _api.CreateRegisteredModelAsync();

        var updated = await _api.SendOkAsync(HttpMethod.Patch, "registered-models/update", new JsonObject { ["name"] = name, ["description"] = "new words" });

        Assert.Equal("new words", updated.Str("registered_model.description"));
        Assert.Equal("new words", (await _api.GetOkAsync("registered-models/get", ("name", name))).Str("registered_model.description"));
    }

    [Fact]
    public async Task DeleteRegisteredModel_with_DELETE_removes_it_and_its_versions()
    {
        var name = await _api.CreateRegisteredModelAsync();
        await _api.CreateModelVersionAsync(name, await NewRunAsync());

        await _api.SendOkAsync(HttpMethod.Delete, "registered-models/delete", new JsonObject { ["name"] = name });

        using var model = await _api.GetAsync("registered-models/get", ("name", name));
        await AssertError(model, 404, "RESOURCE_DOES_NOT_EXIST");
        using var version = await _api.GetAsync("model-versions/get", ("name", name), ("version", "1"));
        await AssertError(version, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task DeleteRegisteredModel_with_unknown_name_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _api.SendAsync(HttpMethod.Delete, "registered-models/delete", new JsonObject { ["name"] = Names.Unique("missing") });

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task SearchRegisteredModels_filters_by_name_LIKE_and_orders_by_name()
    {
        var prefix = Names.Unique("search");
        foreach (var suffix in new[] { "b", "a", "c" })
        {
            await _api.CreateRegisteredModelAsync($"{prefix}-{suffix}");
        }

        await _api.CreateRegisteredModelAsync();

        var ascending = await _api.GetOkAsync("registered-models/search", ("filter", $"name LIKE '{prefix}%'"));
        var descending = await _api.GetOkAsync("registered-models/search", ("filter", $"name LIKE '{prefix}%'"), ("order_by", "name DESC"));

        Assert.Equal([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"], ModelNames(ascending));
        Assert.Equal([$"{prefix}-c", $"{prefix}-b", $"{prefix}-a"], ModelNames(descending));
    }

    [Fact]
    public async Task SearchRegisteredModels_filters_by_tag()
    {
        var prefix = Names.Unique("tagged");
        var tagged = await _api.CreateRegisteredModelAsync($"{prefix}-yes");
        await _api.CreateRegisteredModelAsync($"{prefix}-no");
        await _api.PostOkAsync("registered-models/set-tag", new JsonObject { ["name"] = tagged, ["key"] = "domain", ["value"] = "fraud" });

        var response = await _api.GetOkAsync("registered-models/search", ("filter", $"name LIKE '{prefix}%' AND tags.domain = 'fraud'"));

        Assert.Equal([tagged], ModelNames(response));
    }

    [Fact]
    public async Task SearchRegisteredModels_pages_through_all_results()
    {
        var prefix = Names.Unique("paged");
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await _api.CreateRegisteredModelAsync($"{prefix}-{i}"));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = new List<(string, string)> { ("filter", $"name LIKE '{prefix}%'"), ("max_results", "2") };
            if (token is not null)
            {
                query.Add(("page_token", token));
            }

            var page = await _api.GetOkAsync("registered-models/search", [.. query]);
            var names = ModelNames(page);
            Assert.True(names.Count <= 2);
            seen.AddRange(names);
            token = page.At("next_page_token")?.GetValue<string>();
            Assert.True(++pages <= 10, "Pagination did not end.");
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(created, seen);
    }

    [Fact]
    public async Task SearchRegisteredModels_with_invalid_filter_returns_INVALID_PARAMETER_VALUE()
    {
        const string Filter = "name LIKE 'x%' OR name LIKE 'y%'";
        using var response = await _api.GetAsync("registered-models/search", ("filter", Filter));

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        AssertNamesToken(message, Filter, "OR");
    }

    [Fact]
    public async Task SearchRegisteredModels_with_max_results_above_1000_returns_INVALID_PARAMETER_VALUE()
    {
        using var response = await _api.GetAsync("registered-models/search", ("max_results", "1001"));

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task SetRegisteredModelTag_then_DeleteRegisteredModelTag()
    {
        var name = await _api.CreateRegisteredModelAsync();

        await _api.PostOkAsync("registered-models/set-tag", new JsonObject { ["name"] = name, ["key"] = "owner", ["value"] = "ada" });
        (await _api.GetOkAsync("registered-models/get", ("name", name))).AssertTag("registered_model.tags", "owner", "ada");

        await _api.SendOkAsync(HttpMethod.Delete, "registered-models/delete-tag", null, ("name", name), ("key", "owner"));
        var model = await _api.GetOkAsync("registered-models/get", ("name", name));
        Assert.Null(model.Items("registered_model.tags").ValueOf("owner"));
    }

    [Fact]
    public async Task SetRegisteredModelTag_on_unknown_model_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _api.PostAsync("registered-models/set-tag", new JsonObject { ["name"] = Names.Unique("missing"), ["key"] = "k", ["value"] = "v" });

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task GetLatestVersions_returns_the_newest_version_per_stage()
    {
        var name = await _api.CreateRegisteredModelAsync();
        var runId = await NewRunAsync();
        for (var i = 0; i < 4; i++)
        {
            await _api.CreateModelVersionAsync(name, runId);
        }

        await _api.TransitionStageAsync(name, "1", "Production");
        await _api.TransitionStageAsync(name, "2", "Staging");
        await _api.TransitionStageAsync(name, "3", "Staging");

        var all = await _api.PostOkAsync("registered-models/get-latest-versions", new JsonObject { ["name"] = name });
        var staging = await _api.GetOkAsync("registered-models/get-latest-versions", ("name", name), ("stages", "Staging"));
        var several = await _api.GetOkAsync("registered-models/get-latest-versions", ("name", name), ("stages", "production"), ("stages", "None"));

        Assert.Equal(
            ["None:4", "Production:1", "Staging:3"],
            all.Items("model_versions").Select(v => $"{v.Str("current_stage")}:{v.Str("version")}").Order());
        Assert.Equal("3", Assert.Single(staging.Items("model_versions")).Str("version"));
        Assert.Equal(["1", "4"], several.Items("model_versions").Select(v => v.Str("version")).Order());
    }

    [Fact]
    public async Task GetLatestVersions_of_unknown_model_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _api.GetAsync("registered-models/get-latest-versions", ("name", Names.Unique("missing")));

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task GetRegisteredModel_lists_latest_versions_and_aliases()
    {
        var name = await _api.CreateRegisteredModelAsync();
        var runId = await NewRunAsync();
        await _api.CreateModelVersionAsync(name, runId);
        await _api.CreateModelVersionAsync(name, runId);
        await _api.PostOkAsync("registered-models/alias", new JsonObject { ["name"] = name, ["alias"] = "champion", ["version"] = "1" });

        var model = (await _api.GetOkAsync("registered-models/get", ("name", name))).Required("registered_model");

        Assert.Contains(model.Items("latest_versions"), v => v.Str("version") == "2");
        var alias = Assert.Single(model.Items("aliases"));
        Assert.Equal("champion", alias.Str("alias"));
        Assert.Equal("1", alias.Str("version"));
    }

    [Fact]
    public async Task Ajax_api_prefix_serves_registry_endpoints()
    {
        var name = Names.Unique("ajax-model");

        await server.Ajax.PostOkAsync("registered-models/create", new JsonObject { ["name"] = name });

        Assert.Equal(name, (await server.Ajax.GetOkAsync("registered-models/get", ("name", name))).Str("registered_model.name"));
        Assert.Equal([name], ModelNames(await server.Ajax.GetOkAsync("registered-models/search", ("filter", $"name = '{name}'"))));
    }

    private async Task<string> NewRunAsync() => await _api.CreateRunIdAsync(await _api.CreateExperimentAsync());

    private static List<string> ModelNames(JsonNode response) =>
        response.Items("registered_models").Select(m => m.Str("name")).ToList();
}
