using System.Net;
using Slipway.Client;
using Slipway.Core.Errors;
using Slipway.Core.Registry;
using Slipway.Core.Tracking;
using Slipway.IntegrationTests.Infrastructure;
using Xunit;

namespace Slipway.IntegrationTests.Sdk;

public sealed class SqliteClientRegistryTests(SlipwayServerFixture server) : ClientRegistryTests<SlipwayServerFixture>(server);

[Trait("Category", "Postgres")]
public sealed class PostgresClientRegistryTests(PostgresServerFixture server) : ClientRegistryTests<PostgresServerFixture>(server);

/// <summary>The typed model registry calls of <c>SlipwayClient</c> against a real server.</summary>
public abstract class ClientRegistryTests<TServer>(TServer server) : SdkTests<TServer>(server)
    where TServer : SlipwayServerFixture
{
    [Fact]
    public async Task CreateRegisteredModel_then_get_update_rename_and_tags_round_trip()
    {
        var name = Names.Unique("sdk-model");
        var newName = Names.Unique("sdk-renamed");

        var created = await Client.CreateRegisteredModelAsync(name, "first try", [new Tag("domain", "fraud")]);
        var updated = await Client.UpdateRegisteredModelAsync(name, "classifies transactions");
        await Client.SetRegisteredModelTagAsync(name, "owner", "risk");
        await Client.SetRegisteredModelTagAsync(name, "scratch", "x");
        await Client.DeleteRegisteredModelTagAsync(name, "scratch");
        var renamed = await Client.RenameRegisteredModelAsync(name, newName);

        Assert.Equal(name, created.Name);
        Assert.Equal("first try", created.Description);
        Assert.Equal("classifies transactions", updated.Description);
        Assert.Equal(newName, renamed.Name);
        var model = await Client.GetRegisteredModelAsync(newName);
        Assert.Equal("classifies transactions", model.Description);
        Assert.Equal(
            [new Tag("domain", "fraud"), new Tag("owner", "risk")],
            model.Tags.OrderBy(t => t.Key, StringComparer.Ordinal));
        await AssertNotFoundAsync(() => Client.GetRegisteredModelAsync(name));
    }

    [Fact]
    public async Task A_model_name_with_spaces_and_symbols_works_in_query_string_and_delete_calls()
    {
        var name = $"fraud detector + \u00e9 & co {Guid.NewGuid():N}";
        await Client.CreateRegisteredModelAsync(name);
        var run = await NewRunAsync();
        await Client.CreateModelVersionAsync(name, $"runs:/{run.Info.RunId}/model", run.Info.RunId);

        await Client.SetRegisteredModelTagAsync(name, "k", "v");
        await Client.DeleteRegisteredModelTagAsync(name, "k");
        await Client.SetRegisteredModelAliasAsync(name, "champion", 1);

        Assert.Equal(name, (await Client.GetRegisteredModelAsync(name)).Name);
        Assert.Equal(name, (await Client.GetModelVersionByAliasAsync(name, "champion")).Name);
        Assert.Empty((await Client.GetRegisteredModelAsync(name)).Tags);
        Assert.Single(await Client.SearchAllModelVersionsAsync($"name = '{name}'").ToListAsync());

        await Client.DeleteRegisteredModelAsync(name);

        await AssertNotFoundAsync(() => Client.GetRegisteredModelAsync(name));
    }

    [Fact]
    public async Task Model_versions_number_from_one_and_carry_source_run_description_and_tags()
    {
        var name = await NewModelAsync();
        var run = await NewRunAsync();
        var source = $"runs:/{run.Info.RunId}/model";

        var v1 = await Client.CreateModelVersionAsync(name, source, run.Info.RunId, [new Tag("framework", "onnx")], description: "first");
        var v2 = await Client.CreateModelVersionAsync(name, source, run.Info.RunId);
        await Client.UpdateModelVersionAsync(name, 2, "second");
        await Client.SetModelVersionTagAsync(name, 2, "validated", "yes");
        await Client.SetModelVersionTagAsync(name, 2, "scratch", "x");
        await Client.DeleteModelVersionTagAsync(name, 2, "scratch");

        Assert.Equal((1L, 2L), (v1.Version, v2.Version));
        Assert.Equal(ModelStage.None, v1.CurrentStage);
        Assert.Equal(run.Info.RunId, v1.RunId);
        Assert.Equal("first", v1.Description);
        Assert.Equal([new Tag("framework", "onnx")], v1.Tags);
        var stored = await Client.GetModelVersionAsync(name, 2);
        Assert.Equal("second", stored.Description);
        Assert.Equal([new Tag("validated", "yes")], stored.Tags);
        Assert.Equal(ModelVersionStatus.Ready, stored.Status);
    }

    [Fact]
    public async Task TransitionModelVersionStage_with_archive_moves_the_previous_production_version_to_archived()
    {
        var name = await NewModelAsync();
        var run = await NewRunAsync();
        for (var i = 0; i < 3; i++)
        {
            await Client.CreateModelVersionAsync(name, $"runs:/{run.Info.RunId}/model", run.Info.RunId);
        }

        await Client.TransitionModelVersionStageAsync(name, 1, ModelStage.Production);
        await Client.TransitionModelVersionStageAsync(name, 3, ModelStage.Staging);
        var promoted = await Client.TransitionModelVersionStageAsync(name, 2, "production", archiveExistingVersions: true);

        Assert.Equal(ModelStage.Production, promoted.CurrentStage);
        Assert.Equal(ModelStage.Archived, (await Client.GetModelVersionAsync(name, 1)).CurrentStage);
        Assert.Equal(ModelStage.Staging, (await Client.GetModelVersionAsync(name, 3)).CurrentStage);
        Assert.Equal(2, Assert.Single(await Client.GetLatestVersionsAsync(name, [ModelStage.Production])).Version);
        var latest = await Client.GetLatestVersionsAsync(name);
        Assert.Equal(
            [(ModelStage.Archived, 1L), (ModelStage.Production, 2L), (ModelStage.Staging, 3L)],
            latest.Select(v => (v.CurrentStage, v.Version)).OrderBy(v => v.Version));
    }

    [Fact]
    public async Task Aliases_point_at_a_version_move_and_are_deleted()
    {
        var name = await NewModelAsync();
        var run = await NewRunAsync();
        await Client.CreateModelVersionAsync(name, $"runs:/{run.Info.RunId}/model", run.Info.RunId);
        await Client.CreateModelVersionAsync(name, $"runs:/{run.Info.RunId}/model", run.Info.RunId);

        await Client.SetRegisteredModelAliasAsync(name, "champion", 1);
        await Client.SetRegisteredModelAliasAsync(name, "champion", 2);
        await Client.SetRegisteredModelAliasAsync(name, "challenger", 1);

        Assert.Equal(2, (await Client.GetModelVersionByAliasAsync(name, "champion")).Version);
        Assert.Equal(["champion"], (await Client.GetModelVersionAsync(name, 2)).Aliases);
        Assert.Equal(
            [new RegisteredModelAlias("challenger", "1"), new RegisteredModelAlias("champion", "2")],
            (await Client.GetRegisteredModelAsync(name)).Aliases.OrderBy(a => a.Alias, StringComparer.Ordinal));

        await Client.DeleteRegisteredModelAliasAsync(name, "champion");

        await AssertNotFoundAsync(() => Client.GetModelVersionByAliasAsync(name, "champion"));
        Assert.Empty((await Client.GetModelVersionAsync(name, 2)).Aliases);
    }

    [Fact]
    public async Task GetModelVersionDownloadUri_resolves_a_runs_source_to_the_run_artifact_location()
    {
        var name = await NewModelAsync();
        var run = await NewRunAsync();
        await Client.CreateModelVersionAsync(name, $"runs:/{run.Info.RunId}/model", run.Info.RunId);

        var uri = await Client.GetModelVersionDownloadUriAsync(name, 1);

        Assert.Equal($"{run.Info.ArtifactUri.TrimEnd('/')}/model", uri);
        Assert.Equal($"{ArtifactLocations.ToProxiedPath(run.Info.ArtifactUri)}/model", ArtifactLocations.ToProxiedPath(uri));
    }

    [Fact]
    public async Task Search_models_and_versions_filter_and_follow_page_tokens()
    {
        var prefix = Names.Unique("sdk-search");
        var run = await NewRunAsync();
        for (var i = 0; i < 3; i++)
        {
            await Client.CreateRegisteredModelAsync($"{prefix}-{i}");
        }

        var target = $"{prefix}-1";
        for (var i = 0; i < 3; i++)
        {
            await Client.CreateModelVersionAsync(target, $"runs:/{run.Info.RunId}/model", run.Info.RunId);
        }

        var modelPage = await Client.SearchRegisteredModelsAsync($"name LIKE '{prefix}%'", maxResults: 2);
        var models = await Client.SearchAllRegisteredModelsAsync($"name LIKE '{prefix}%'", ["name ASC"], pageSize: 2).ToListAsync();
        var versions = await Client.SearchAllModelVersionsAsync($"name = '{target}'", pageSize: 2).ToListAsync();
        var byRun = await Client.SearchModelVersionsAsync($"run_id = '{run.Info.RunId}'");

        Assert.Equal(2, modelPage.Items.Count);
        Assert.NotNull(modelPage.NextPageToken);
        Assert.Equal(Enumerable.Range(0, 3).Select(i => $"{prefix}-{i}"), models.Select(m => m.Name));
        Assert.Equal([1L, 2L, 3L], versions.Select(v => v.Version).Order());
        Assert.All(versions, v => Assert.Equal(target, v.Name));
        Assert.Equal(3, byRun.Items.Count);
    }

    [Fact]
    public async Task DeleteModelVersion_and_DeleteRegisteredModel_remove_them()
    {
        var name = await NewModelAsync();
        var run = await NewRunAsync();
        await Client.CreateModelVersionAsync(name, $"runs:/{run.Info.RunId}/model", run.Info.RunId);
        await Client.CreateModelVersionAsync(name, $"runs:/{run.Info.RunId}/model", run.Info.RunId);

        await Client.DeleteModelVersionAsync(name, 1);

        await AssertNotFoundAsync(() => Client.GetModelVersionAsync(name, 1));
        Assert.Equal(2, Assert.Single(await Client.SearchAllModelVersionsAsync($"name = '{name}'").ToListAsync()).Version);

        await Client.DeleteRegisteredModelAsync(name);

        await AssertNotFoundAsync(() => Client.GetRegisteredModelAsync(name));
        Assert.Empty(await Client.SearchAllRegisteredModelsAsync($"name = '{name}'").ToListAsync());
    }

    private async Task<string> NewModelAsync() => (await Client.CreateRegisteredModelAsync(Names.Unique("sdk-model"))).Name;

    private async Task<Run> NewRunAsync() =>
        await Client.CreateRunAsync(await Client.CreateExperimentAsync(Names.Unique("sdk-registry")));

    private static async Task AssertNotFoundAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<SlipwayApiException>(call);
        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }
}
