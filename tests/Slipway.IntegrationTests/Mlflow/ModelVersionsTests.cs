using System.Text.Json.Nodes;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;
using static Slipway.IntegrationTests.Infrastructure.MlflowApi;

namespace Slipway.IntegrationTests.Mlflow;

public sealed class SqliteModelVersionsTests(SlipwayServerFixture server) : ModelVersionsTests<SlipwayServerFixture>(server);

[Trait("Category", "Postgres")]
public sealed class PostgresModelVersionsTests(PostgresServerFixture server) : ModelVersionsTests<PostgresServerFixture>(server);

public abstract class ModelVersionsTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : SlipwayServerFixture
{
    private readonly MlflowApi _api = server.Api;

    [Fact]
    public async Task CreateModelVersion_numbers_versions_from_1_and_records_source_and_run()
    {
        var name = await _api.CreateRegisteredModelAsync();
        var runId = await NewRunAsync();

        var first = await _api.CreateModelVersionAsync(name, runId);
        var second = await _api.CreateModelVersionAsync(name, runId);

        Assert.Equal("1", first.Str("version"));
        Assert.Equal("2", second.Str("version"));
        Assert.Equal(name, first.Str("name"));
        Assert.Equal($"runs:/{runId}/model", first.Str("source"));
        Assert.Equal(runId, first.Str("run_id"));
        Assert.Equal("READY", first.Str("status"));
        Assert.Equal("None", first.Str("current_stage"));
    }

    [Fact]
    public async Task CreateModelVersion_records_description_tags_and_run_link()
    {
        var name = await _api.CreateRegisteredModelAsync();
        var runId = await NewRunAsync();

        var created = await _api.PostOkAsync("model-versions/create", new JsonObject
        {
            ["name"] = name,
            ["source"] = $"runs:/{runId}/model",
            ["run_id"] = runId,
            ["description"] = "first cut",
            ["run_link"] = "http://ci/job/1",
            ["tags"] = KeyValues(("validated", "no")),
        });

        var version = (await _api.GetOkAsync("model-versions/get", ("name", name), ("version", created.Str("model_version.version")))).Required("model_version");
        Assert.Equal("first cut", version.Str("description"));
        Assert.Equal("http://ci/job/1", version.Str("run_link"));
        version.AssertTag("tags", "validated", "no");
    }

    [Fact]
    public async Task CreateModelVersion_for_unknown_model_returns_RESOURCE_DOES_NOT_EXIST()
    {
        using var response = await _api.PostAsync("model-versions/create", new JsonObject
        {
            ["name"] = Names.Unique("missing"),
            ["source"] = "runs:/abc/model",
        });

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task CreateModelVersion_without_source_returns_INVALID_PARAMETER_VALUE()
    {
        var name = await _api.CreateRegisteredModelAsync();

        using var response = await _api.PostAsync("model-versions/create", new JsonObject { ["name"] = name });

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("source", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetModelVersion_accepts_the_version_as_string_or_number()
    {
        var name = await _api.CreateRegisteredModelAsync();
        await _api.CreateModelVersionAsync(name, await NewRunAsync());

        var byString = await _api.PostOkAsync("model-versions/get", new JsonObject { ["name"] = name, ["version"] = "1" });
        var byNumber = await _api.PostOkAsync("model-versions/get", new JsonObject { ["name"] = name, ["version"] = 1 });

        Assert.Equal("1", byString.Str("model_version.version"));
        Assert.Equal("1", byNumber.Str("model_version.version"));
    }

    [Fact]
    public async Task GetModelVersion_of_unknown_version_returns_RESOURCE_DOES_NOT_EXIST()
    {
        var name = await _api.CreateRegisteredModelAsync();

        using var response = await _api.GetAsync("model-versions/get", ("name", name), ("version", "7"));

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task GetModelVersion_with_non_numeric_version_returns_INVALID_PARAMETER_VALUE()
    {
        var name = await _api.CreateRegisteredModelAsync();

        using var response = await _api.GetAsync("model-versions/get", ("name", name), ("version", "one"));

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task UpdateModelVersion_changes_the_description()
    {
        var name = await _api.CreateRegisteredModelAsync();
        await _api.CreateModelVersionAsync(name, await NewRunAsync());

        var updated = await _api.SendOkAsync(HttpMethod.Patch, "model-versions/update", new JsonObject { ["name"] = name, ["version"] = "1", ["description"] = "tuned" });

        Assert.Equal("tuned", updated.Str("model_version.description"));
        Assert.Equal("tuned", (await _api.GetOkAsync("model-versions/get", ("name", name), ("version", "1"))).Str("model_version.description"));
    }

    [Fact]
    public async Task DeleteModelVersion_removes_only_that_version()
    {
        var name = await _api.CreateRegisteredModelAsync();
        var runId = await NewRunAsync();
        await _api.CreateModelVersionAsync(name, runId);
        await _api.CreateModelVersionAsync(name, runId);

        await _api.SendOkAsync(HttpMethod.Delete, "model-versions/delete", new JsonObject { ["name"] = name, ["version"] = "1" });

        using var deleted = await _api.GetAsync("model-versions/get", ("name", name), ("version", "1"));
        await AssertError(deleted, 404, "RESOURCE_DOES_NOT_EXIST");
        Assert.Equal("2", (await _api.GetOkAsync("model-versions/get", ("name", name), ("version", "2"))).Str("model_version.version"));
    }

    [Fact]
    public async Task SearchModelVersions_filters_by_name_and_by_run_id()
    {
        var name = await _api.CreateRegisteredModelAsync();
        var firstRun = await NewRunAsync();
        var secondRun = await NewRunAsync();
        await _api.CreateModelVersionAsync(name, firstRun);
        await _api.CreateModelVersionAsync(name, secondRun);
        await _api.CreateModelVersionAsync(name, firstRun);
        var otherModel = await _api.CreateRegisteredModelAsync();
        await _api.CreateModelVersionAsync(otherModel, firstRun);

        var byName = await _api.GetOkAsync("model-versions/search", ("filter", $"name='{name}'"));
        var byRun = await _api.GetOkAsync("model-versions/search", ("filter", $"run_id='{secondRun}'"));
        var byNameAndRun = await _api.PostOkAsync("model-versions/search", new JsonObject { ["filter"] = $"name = '{name}' AND run_id = '{firstRun}'" });

        Assert.Equal(["1", "2", "3"], byName.Items("model_versions").Select(v => v.Str("version")).Order());
        var only = Assert.Single(byRun.Items("model_versions"));
        Assert.Equal((name, "2"), (only.Str("name"), only.Str("version")));
        Assert.Equal(["1", "3"], byNameAndRun.Items("model_versions").Select(v => v.Str("version")).Order());
    }

    [Fact]
    public async Task SearchModelVersions_with_invalid_filter_returns_INVALID_PARAMETER_VALUE()
    {
        const string Filter = "flavour = 'sklearn'";
        using var response = await _api.GetAsync("model-versions/search", ("filter", Filter));

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        AssertNamesToken(message, Filter, "flavour");
    }

    [Fact]
    public async Task SearchModelVersions_filters_by_version_number_stage_and_source_path()
    {
        var name = await _api.CreateRegisteredModelAsync();
        var runId = await NewRunAsync();
        await _api.CreateModelVersionAsync(name, runId);
        await _api.PostOkAsync("model-versions/create", new JsonObject { ["name"] = name, ["source"] = "s3://bucket/special" });
        await _api.CreateModelVersionAsync(name, runId);
        await _api.TransitionStageAsync(name, "3", "Staging");

        async Task<IEnumerable<string>> VersionsAsync(string filter) =>
            (await _api.GetOkAsync("model-versions/search", ("filter", $"name = '{name}' AND {filter}"))).Items("model_versions").Select(v => v.Str("version")).Order();

        Assert.Equal(["2"], await VersionsAsync("version_number = 2"));
        Assert.Equal(["3"], await VersionsAsync("current_stage = 'Staging'"));
        Assert.Equal(["2"], await VersionsAsync("source_path = 's3://bucket/special'"));
    }

    [Fact]
    public async Task SetModelVersionTag_then_DeleteModelVersionTag()
    {
        var name = await _api.CreateRegisteredModelAsync();
        await _api.CreateModelVersionAsync(name, await NewRunAsync());

        await _api.PostOkAsync("model-versions/set-tag", new JsonObject { ["name"] = name, ["version"] = "1", ["key"] = "validated", ["value"] = "yes" });
        (await _api.GetOkAsync("model-versions/get", ("name", name), ("version", "1"))).AssertTag("model_version.tags", "validated", "yes");

        await _api.SendOkAsync(HttpMethod.Delete, "model-versions/delete-tag", null, ("name", name), ("version", "1"), ("key", "validated"));
        var version = await _api.GetOkAsync("model-versions/get", ("name", name), ("version", "1"));
        Assert.Null(version.Items("model_version.tags").ValueOf("validated"));
    }

    [Fact]
    public async Task TransitionStage_to_Production_with_archive_existing_archives_the_previous_Production_version()
    {
        var name = await _api.CreateRegisteredModelAsync();
        var runId = await NewRunAsync();
        await _api.CreateModelVersionAsync(name, runId);
        await _api.CreateModelVersionAsync(name, runId);
        await _api.TransitionStageAsync(name, "1", "Production");

        await _api.TransitionStageAsync(name, "2", "Staging");
        var promoted = await _api.TransitionStageAsync(name, "2", "Production", archiveExisting: true);

        Assert.Equal("Production", promoted.Str("model_version.current_stage"));
        Assert.Equal("Archived", await StageOfAsync(name, "1"));
        Assert.Equal("Production", await StageOfAsync(name, "2"));
    }

    [Fact]
    public async Task TransitionStage_without_archive_existing_keeps_other_versions_in_their_stage()
    {
        var name = await _api.CreateRegisteredModelAsync();
        var runId = await NewRunAsync();
        await _api.CreateModelVersionAsync(name, runId);
        await _api.CreateModelVersionAsync(name, runId);
        await _api.TransitionStageAsync(name, "1", "Production");

        await _api.TransitionStageAsync(name, "2", "Production");

        Assert.Equal("Production", await StageOfAsync(name, "1"));
        Assert.Equal("Production", await StageOfAsync(name, "2"));
    }

    [Fact]
    public async Task TransitionStage_accepts_any_casing_and_returns_the_canonical_stage()
    {
        var name = await _api.CreateRegisteredModelAsync();
        await _api.CreateModelVersionAsync(name, await NewRunAsync());

        var response = await _api.TransitionStageAsync(name, "1", "staging");

        Assert.Equal("Staging", response.Str("model_version.current_stage"));
    }

    [Fact]
    public async Task TransitionStage_to_Archived_with_archive_existing_returns_INVALID_PARAMETER_VALUE()
    {
        var name = await _api.CreateRegisteredModelAsync();
        await _api.CreateModelVersionAsync(name, await NewRunAsync());

        using var response = await _api.PostAsync("model-versions/transition-stage", new JsonObject
        {
            ["name"] = name,
            ["version"] = "1",
            ["stage"] = "Archived",
            ["archive_existing_versions"] = true,
        });

        await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Equal("None", await StageOfAsync(name, "1"));
    }

    [Fact]
    public async Task TransitionStage_of_unknown_version_returns_RESOURCE_DOES_NOT_EXIST()
    {
        var name = await _api.CreateRegisteredModelAsync();

        using var response = await _api.PostAsync("model-versions/transition-stage", new JsonObject
        {
            ["name"] = name,
            ["version"] = "4",
            ["stage"] = "Production",
            ["archive_existing_versions"] = false,
        });

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task TransitionStage_to_an_unknown_stage_returns_INVALID_PARAMETER_VALUE()
    {
        var name = await _api.CreateRegisteredModelAsync();
        await _api.CreateModelVersionAsync(name, await NewRunAsync());

        using var response = await _api.PostAsync("model-versions/transition-stage", new JsonObject
        {
            ["name"] = name,
            ["version"] = "1",
            ["stage"] = "Canary",
            ["archive_existing_versions"] = false,
        });

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("Canary", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDownloadUri_resolves_a_runs_source_to_the_runs_artifact_location()
    {
        var experimentId = await _api.CreateExperimentAsync();
        var run = await _api.CreateRunAsync(experimentId);
        var runId = run.Str("info.run_id");
        var name = await _api.CreateRegisteredModelAsync();
        await _api.CreateModelVersionAsync(name, runId);

        var response = await _api.GetOkAsync("model-versions/get-download-uri", ("name", name), ("version", "1"));

        Assert.Equal(run.Str("info.artifact_uri") + "/model", response.Str("artifact_uri"));
    }

    [Fact]
    public async Task GetDownloadUri_returns_other_sources_unchanged()
    {
        var name = await _api.CreateRegisteredModelAsync();
        await _api.PostOkAsync("model-versions/create", new JsonObject { ["name"] = name, ["source"] = "s3://bucket/models/m1" });

        var response = await _api.GetOkAsync("model-versions/get-download-uri", ("name", name), ("version", "1"));

        Assert.Equal("s3://bucket/models/m1", response.Str("artifact_uri"));
    }

    [Fact]
    public async Task Alias_set_get_move_and_delete()
    {
        var name = await _api.CreateRegisteredModelAsync();
        var runId = await NewRunAsync();
        await _api.CreateModelVersionAsync(name, runId);
        await _api.CreateModelVersionAsync(name, runId);

        await SetAliasAsync(name, "champion", "1");
        var first = await _api.GetOkAsync("registered-models/alias", ("name", name), ("alias", "champion"));
        Assert.Equal("1", first.Str("model_version.version"));
        Assert.Equal(["champion"], first.Required("model_version.aliases").AsArray().Select(a => a!.GetValue<string>()));

        await SetAliasAsync(name, "champion", "2");
        Assert.Equal("2", (await _api.GetOkAsync("registered-models/alias", ("name", name), ("alias", "champion"))).Str("model_version.version"));
        var oldVersion = await _api.GetOkAsync("model-versions/get", ("name", name), ("version", "1"));
        Assert.Null(oldVersion.At("model_version.aliases"));
        var model = await _api.GetOkAsync("registered-models/get", ("name", name));
        Assert.Equal("2", Assert.Single(model.Items("registered_model.aliases")).Str("version"));

        await _api.SendOkAsync(HttpMethod.Delete, "registered-models/alias", null, ("name", name), ("alias", "champion"));
        using var gone = await _api.GetAsync("registered-models/alias", ("name", name), ("alias", "champion"));
        await AssertError(gone, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Alias_is_removed_when_its_version_is_deleted()
    {
        var name = await _api.CreateRegisteredModelAsync();
        await _api.CreateModelVersionAsync(name, await NewRunAsync());
        await SetAliasAsync(name, "prod", "1");

        await _api.SendOkAsync(HttpMethod.Delete, "model-versions/delete", new JsonObject { ["name"] = name, ["version"] = "1" });

        using var response = await _api.GetAsync("registered-models/alias", ("name", name), ("alias", "prod"));
        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
        Assert.Empty((await _api.GetOkAsync("registered-models/get", ("name", name))).Items("registered_model.aliases"));
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("v1")]
    public async Task SetAlias_with_a_reserved_name_returns_INVALID_PARAMETER_VALUE(string alias)
    {
        var name = await _api.CreateRegisteredModelAsync();
        await _api.CreateModelVersionAsync(name, await NewRunAsync());

        using var response = await _api.PostAsync("registered-models/alias", new JsonObject { ["name"] = name, ["alias"] = alias, ["version"] = "1" });

        var message = await AssertError(response, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains(alias, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAlias_to_unknown_version_returns_RESOURCE_DOES_NOT_EXIST()
    {
        var name = await _api.CreateRegisteredModelAsync();

        using var response = await _api.PostAsync("registered-models/alias", new JsonObject { ["name"] = name, ["alias"] = "champion", ["version"] = "3" });

        await AssertError(response, 404, "RESOURCE_DOES_NOT_EXIST");
    }

    private Task<JsonObject> SetAliasAsync(string name, string alias, string version) =>
        _api.PostOkAsync("registered-models/alias", new JsonObject { ["name"] = name, ["alias"] = alias, ["version"] = version });

    private async Task<string> StageOfAsync(string name, string version) =>
        (await _api.GetOkAsync("model-versions/get", ("name", name), ("version", version))).Str("model_version.current_stage");

    private async Task<string> NewRunAsync() => await _api.CreateRunIdAsync(await _api.CreateExperimentAsync());
}
