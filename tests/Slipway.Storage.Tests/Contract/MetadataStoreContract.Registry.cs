using Slipway.Core.Errors;
using Slipway.Core.Registry;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    private Task<RegisteredModel> NewModelAsync(string workspace, string name, IReadOnlyList<Tag>? tags = null) =>
        Store.CreateRegisteredModelAsync(workspace, name, "a model", "alice", tags ?? []);

    private Task<ModelVersion> NewVersionAsync(string workspace, string name, string? runId = null, string source = "models:/src", IReadOnlyList<Tag>? tags = null) =>
        Store.CreateModelVersionAsync(workspace, new NewModelVersion(name, source, runId, null, null, "bob", tags ?? []));

    [Fact]
    public async Task CreateRegisteredModel_stores_it_with_tags_and_rejects_a_duplicate_name()
    {
        var workspace = NewWorkspace();

        var model = await NewModelAsync(workspace, "clf", [new Tag("team", "x")]);

        Assert.Equal("clf", model.Name);
        Assert.Equal(workspace, model.WorkspaceId);
        Assert.Equal("a model", model.Description);
        Assert.Equal("alice", model.UserId);
        Assert.Equal([new Tag("team", "x")], model.Tags);
        Assert.Empty(model.LatestVersions);
        Assert.Empty(model.Aliases);
        var stored = await Store.GetRegisteredModelAsync(workspace, "clf");
        Assert.Equal((model.Name, model.CreationTimestamp, model.LastUpdatedTimestamp, model.Description), (stored.Name, stored.CreationTimestamp, stored.LastUpdatedTimestamp, stored.Description));
        Assert.Equal(model.Tags, stored.Tags);
        var error = await AssertFailsAsync(ErrorCode.ResourceAlreadyExists, () => NewModelAsync(workspace, "clf"));
        Assert.Equal("Registered Model (name=clf) already exists.", error.Message);
    }

    [Fact]
    public async Task Registered_models_with_the_same_name_live_apart_in_two_workspaces()
    {
        var (a, b) = (NewWorkspace(), NewWorkspace());
        await NewModelAsync(a, "shared");
        await NewVersionAsync(a, "shared");

        await NewModelAsync(b, "shared");

        Assert.Single((await Store.GetRegisteredModelAsync(a, "shared")).LatestVersions);
        Assert.Empty((await Store.GetRegisteredModelAsync(b, "shared")).LatestVersions);
        var lonely = NewWorkspace();
        var error = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetRegisteredModelAsync(lonely, "shared"));
        Assert.Equal("Registered Model with name=shared not found", error.Message);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetModelVersionAsync(lonely, "shared", 1));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => NewVersionAsync(lonely, "shared"));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.DeleteRegisteredModelAsync(lonely, "shared"));
    }

    [Fact]
    public async Task UpdateRegisteredModel_changes_the_description_and_bumps_last_updated()
    {
        var workspace = NewWorkspace();
        var model = await NewModelAsync(workspace, "m");

        var updated = await Store.UpdateRegisteredModelAsync(workspace, "m", "better");

        Assert.Equal("better", updated.Description);
        Assert.True(updated.LastUpdatedTimestamp > model.LastUpdatedTimestamp);
        Assert.Equal(model.CreationTimestamp, updated.CreationTimestamp);
    }

    [Fact]
    public async Task RenameRegisteredModel_renames_its_versions_and_rejects_a_taken_name()
    {
        var workspace = NewWorkspace();
        await NewModelAsync(workspace, "old");
        await NewVersionAsync(workspace, "old");
        await NewModelAsync(workspace, "taken");

        var renamed = await Store.RenameRegisteredModelAsync(workspace, "old", "new");

        Assert.Equal("new", renamed.Name);
        Assert.Equal("new", (await Store.GetModelVersionAsync(workspace, "new", 1)).Name);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetRegisteredModelAsync(workspace, "old"));
        await AssertFailsAsync(ErrorCode.ResourceAlreadyExists, () => Store.RenameRegisteredModelAsync(workspace, "new", "taken"));
    }

    [Fact]
    public async Task DeleteRegisteredModel_removes_it_with_its_versions_tags_and_aliases()
    {
        var workspace = NewWorkspace();
        await NewModelAsync(workspace, "m", [new Tag("t", "1")]);
        await NewVersionAsync(workspace, "m");
        await Store.SetRegisteredModelAliasAsync(workspace, "m", "champion", 1);

        await Store.DeleteRegisteredModelAsync(workspace, "m");

        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetRegisteredModelAsync(workspace, "m"));
        var recreated = await NewModelAsync(workspace, "m");
        Assert.Empty(recreated.Tags);
        Assert.Empty(recreated.Aliases);
        Assert.Equal(1, (await NewVersionAsync(workspace, "m")).Version);
    }

    [Fact]
    public async Task Registered_model_tags_are_set_replaced_and_deleted()
    {
        var workspace = NewWorkspace();
        var model = await NewModelAsync(workspace, "m");

        await Store.SetRegisteredModelTagAsync(workspace, "m", new Tag("a", "1"));
        await Store.SetRegisteredModelTagAsync(workspace, "m", new Tag("a", "2"));
        await Store.SetRegisteredModelTagAsync(workspace, "m", new Tag("b", "3"));
        await Store.DeleteRegisteredModelTagAsync(workspace, "m", "b");
        await Store.DeleteRegisteredModelTagAsync(workspace, "m", "never-set");

        var stored = await Store.GetRegisteredModelAsync(workspace, "m");
        Assert.Equal([new Tag("a", "2")], stored.Tags);
        Assert.True(stored.LastUpdatedTimestamp > model.LastUpdatedTimestamp);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.SetRegisteredModelTagAsync(workspace, "nope", new Tag("a", "1")));
    }

    [Fact]
    public async Task CreateModelVersion_numbers_versions_from_1_ready_in_stage_None()
    {
        var workspace = NewWorkspace();
        var model = await NewModelAsync(workspace, "m");

        var first = await NewVersionAsync(workspace, "m", runId: "r1", tags: [new Tag("k", "v")]);
        var second = await NewVersionAsync(workspace, "m");

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        Assert.Equal("m", first.Name);
        Assert.Equal(ModelStage.None, first.CurrentStage);
        Assert.Equal(ModelVersionStatus.Ready, first.Status);
        Assert.Equal("models:/src", first.Source);
        Assert.Equal("r1", first.RunId);
        Assert.Equal("bob", first.UserId);
        Assert.Equal([new Tag("k", "v")], first.Tags);
        var stored = await Store.GetModelVersionAsync(workspace, "m", 1);
        Assert.Equal(first with { Tags = [], Aliases = [] }, stored with { Tags = [], Aliases = [] });
        Assert.Equal(first.Tags, stored.Tags);
        Assert.True((await Store.GetRegisteredModelAsync(workspace, "m")).LastUpdatedTimestamp > model.LastUpdatedTimestamp);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => NewVersionAsync(workspace, "missing-model"));
    }

    [Fact]
    public async Task Version_numbers_are_never_reused_after_a_delete()
    {
        var workspace = NewWorkspace();
        await NewModelAsync(workspace, "m");
        await NewVersionAsync(workspace, "m");
        await NewVersionAsync(workspace, "m");

        await Store.DeleteModelVersionAsync(workspace, "m", 2);

        var error = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetModelVersionAsync(workspace, "m", 2));
        Assert.Equal("Model Version (name=m, version=2) not found", error.Message);
        Assert.Equal(3, (await NewVersionAsync(workspace, "m")).Version);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.DeleteModelVersionAsync(workspace, "m", 2));
    }

    [Fact]
    public async Task UpdateModelVersion_changes_the_description_and_bumps_last_updated()
    {
        var workspace = NewWorkspace();
        await NewModelAsync(workspace, "m");
        var version = await NewVersionAsync(workspace, "m");

        var updated = await Store.UpdateModelVersionAsync(workspace, "m", 1, "tuned");

        Assert.Equal("tuned", updated.Description);
        Assert.True(updated.LastUpdatedTimestamp > version.LastUpdatedTimestamp);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.UpdateModelVersionAsync(workspace, "m", 9, "x"));
    }

    [Fact]
    public async Task Model_version_tags_are_set_replaced_and_deleted()
    {
        var workspace = NewWorkspace();
        await NewModelAsync(workspace, "m");
        await NewVersionAsync(workspace, "m");

        await Store.SetModelVersionTagAsync(workspace, "m", 1, new Tag("a", "1"));
        await Store.SetModelVersionTagAsync(workspace, "m", 1, new Tag("a", "2"));
        await Store.SetModelVersionTagAsync(workspace, "m", 1, new Tag("b", "3"));
        await Store.DeleteModelVersionTagAsync(workspace, "m", 1, "b");

        Assert.Equal([new Tag("a", "2")], (await Store.GetModelVersionAsync(workspace, "m", 1)).Tags);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.SetModelVersionTagAsync(workspace, "m", 7, new Tag("a", "1")));
    }

    [Fact]
    public async Task TransitionModelVersionStage_canonicalises_the_stage_and_rejects_unknown_ones()
    {
        var workspace = NewWorkspace();
        await NewModelAsync(workspace, "m");
        var version = await NewVersionAsync(workspace, "m");

        var moved = await Store.TransitionModelVersionStageAsync(workspace, "m", 1, "production", false);

        Assert.Equal(ModelStage.Production, moved.CurrentStage);
        Assert.True(moved.LastUpdatedTimestamp > version.LastUpdatedTimestamp);
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.TransitionModelVersionStageAsync(workspace, "m", 1, "Live", false));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.TransitionModelVersionStageAsync(workspace, "m", 5, "Staging", false));
    }

    [Fact]
    public async Task Archiving_existing_versions_moves_the_others_in_the_target_stage_to_Archived()
    {
        var workspace = NewWorkspace();
        await NewModelAsync(workspace, "m");
        for (var i = 0; i < 4; i++)
        {
            await NewVersionAsync(workspace, "m");
        }

        await Store.TransitionModelVersionStageAsync(workspace, "m", 1, "Production", false);
        await Store.TransitionModelVersionStageAsync(workspace, "m", 2, "Production", false);
        await Store.TransitionModelVersionStageAsync(workspace, "m", 3, "Staging", false);

        await Store.TransitionModelVersionStageAsync(workspace, "m", 4, "Production", archiveExistingVersions: true);

        var stages = new List<string>();
        for (var v = 1; v <= 4; v++)
        {
            stages.Add((await Store.GetModelVersionAsync(workspace, "m", v)).CurrentStage);
        }

        Assert.Equal([ModelStage.Archived, ModelStage.Archived, ModelStage.Staging, ModelStage.Production], stages);
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.TransitionModelVersionStageAsync(workspace, "m", 3, "Archived", archiveExistingVersions: true));
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.TransitionModelVersionStageAsync(workspace, "m", 3, "None", archiveExistingVersions: true));
    }

    [Fact]
    public async Task Latest_versions_hold_the_newest_version_of_each_stage()
    {
        var workspace = NewWorkspace();
        await NewModelAsync(workspace, "m");
        for (var i = 0; i < 5; i++)
        {
            await NewVersionAsync(workspace, "m");
        }

        await Store.TransitionModelVersionStageAsync(workspace, "m", 1, "Production", false);
        await Store.TransitionModelVersionStageAsync(workspace, "m", 2, "Production", false);
        await Store.TransitionModelVersionStageAsync(workspace, "m", 3, "Staging", false);

        var latest = (await Store.GetRegisteredModelAsync(workspace, "m")).LatestVersions;
        Assert.Equal([(ModelStage.None, 5L), (ModelStage.Staging, 3L), (ModelStage.Production, 2L)], latest.Select(v => (v.CurrentStage, v.Version)));
        var production = await Store.GetLatestVersionsAsync(workspace, "m", ["production"]);
        Assert.Equal(2, Assert.Single(production).Version);
        Assert.Equal(3, (await Store.GetLatestVersionsAsync(workspace, "m", [])).Count);
        Assert.Empty(await Store.GetLatestVersionsAsync(workspace, "m", ["Archived"]));
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.GetLatestVersionsAsync(workspace, "m", ["Live"]));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetLatestVersionsAsync(workspace, "missing", []));
    }

    [Fact]
    public async Task Aliases_point_at_one_version_and_move_between_versions()
    {
        var workspace = NewWorkspace();
        await NewModelAsync(workspace, "m");
        await NewVersionAsync(workspace, "m");
        await NewVersionAsync(workspace, "m");

        await Store.SetRegisteredModelAliasAsync(workspace, "m", "champion", 1);
        await Store.SetRegisteredModelAliasAsync(workspace, "m", "challenger", 2);
        Assert.Equal(1, (await Store.GetModelVersionByAliasAsync(workspace, "m", "champion")).Version);
        Assert.Equal(["champion"], (await Store.GetModelVersionAsync(workspace, "m", 1)).Aliases);

        await Store.SetRegisteredModelAliasAsync(workspace, "m", "champion", 2);

        Assert.Empty((await Store.GetModelVersionAsync(workspace, "m", 1)).Aliases);
        Assert.Equal(["challenger", "champion"], (await Store.GetModelVersionAsync(workspace, "m", 2)).Aliases);
        Assert.Equal(
            [new RegisteredModelAlias("challenger", "2"), new RegisteredModelAlias("champion", "2")],
            (await Store.GetRegisteredModelAsync(workspace, "m")).Aliases);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.SetRegisteredModelAliasAsync(workspace, "m", "x", 9));
    }

    [Fact]
    public async Task Deleting_an_alias_or_its_version_removes_the_alias()
    {
        var workspace = NewWorkspace();
        await NewModelAsync(workspace, "m");
        await NewVersionAsync(workspace, "m");
        await NewVersionAsync(workspace, "m");
        await Store.SetRegisteredModelAliasAsync(workspace, "m", "a", 1);
        await Store.SetRegisteredModelAliasAsync(workspace, "m", "b", 2);

        await Store.DeleteRegisteredModelAliasAsync(workspace, "m", "a");
        await Store.DeleteModelVersionAsync(workspace, "m", 2);

        var error = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetModelVersionByAliasAsync(workspace, "m", "a"));
        Assert.Equal("Registered model alias a not found.", error.Message);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetModelVersionByAliasAsync(workspace, "m", "b"));
        Assert.Empty((await Store.GetRegisteredModelAsync(workspace, "m")).Aliases);
    }
}
