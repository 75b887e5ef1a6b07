using Slipway.Core.Errors;
using Slipway.Core.Stores;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task Store_opens_with_default_experiment_0_in_the_default_workspace()
    {
        var experiment = await Store.GetExperimentAsync(Workspaces.Default, "0");

        Assert.Equal("Default", experiment.Name);
        Assert.Equal("mlflow-artifacts:/0", experiment.ArtifactLocation);
        Assert.Equal(LifecycleStage.Active, experiment.LifecycleStage);
        Assert.Equal(Workspaces.Default, experiment.WorkspaceId);
    }

    [Fact]
    public async Task CreateExperiment_returns_a_decimal_id_and_derives_the_artifact_location()
    {
        var workspace = NewWorkspace();
        var id = await Store.CreateExperimentAsync(workspace, "first", null, [new Tag("team", "vision")]);

        Assert.True(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture) > 0);
        var experiment = await Store.GetExperimentAsync(workspace, id);
        Assert.Equal("first", experiment.Name);
        Assert.Equal($"mlflow-artifacts:/{id}", experiment.ArtifactLocation);
        Assert.Equal(workspace, experiment.WorkspaceId);
        Assert.Equal([new Tag("team", "vision")], experiment.Tags);
        Assert.True(experiment.CreationTime > 0);
        Assert.Equal(experiment.CreationTime, experiment.LastUpdateTime);
    }

    [Fact]
    public async Task CreateExperiment_keeps_an_explicit_artifact_location()
    {
        var workspace = NewWorkspace();
        var id = await Store.CreateExperimentAsync(workspace, "explicit", "s3://bucket/path", []);

        Assert.Equal("s3://bucket/path", (await Store.GetExperimentAsync(workspace, id)).ArtifactLocation);
    }

    [Fact]
    public async Task CreateExperiment_rejects_a_name_taken_in_the_same_workspace()
    {
        var workspace = NewWorkspace();
        await Store.CreateExperimentAsync(workspace, "foo", null, []);

        var error = await AssertFailsAsync(ErrorCode.ResourceAlreadyExists, () => Store.CreateExperimentAsync(workspace, "foo", null, []));
        Assert.Equal("Experiment(name=foo) already exists.", error.Message);
    }

    [Fact]
    public async Task Experiments_with_the_same_name_live_apart_in_two_workspaces()
    {
        var (a, b) = (NewWorkspace(), NewWorkspace());
        var inA = await Store.CreateExperimentAsync(a, "shared", null, []);
        var inB = await Store.CreateExperimentAsync(b, "shared", null, []);

        Assert.NotEqual(inA, inB);
        Assert.Equal(inA, (await Store.GetExperimentByNameAsync(a, "shared"))!.ExperimentId);
        Assert.Equal(inB, (await Store.GetExperimentByNameAsync(b, "shared"))!.ExperimentId);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetExperimentAsync(b, inA));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.RenameExperimentAsync(b, inA, "stolen"));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.DeleteExperimentAsync(b, inA));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.SetExperimentTagAsync(b, inA, new Tag("k", "v")));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.CreateRunAsync(b, new NewRun(inA, "u", null, 1, [])));
    }

    [Fact]
    public async Task GetExperiment_with_an_unknown_or_non_numeric_id_is_not_found()
    {
        var workspace = NewWorkspace();

        var error = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetExperimentAsync(workspace, "987654"));
        Assert.Equal("No Experiment with id=987654 exists", error.Message);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetExperimentAsync(workspace, "abc"));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetExperimentAsync(workspace, "-1"));
    }

    [Fact]
    public async Task GetExperimentByName_returns_null_for_a_missing_name_and_finds_deleted_experiments()
    {
        var workspace = NewWorkspace();
        var id = await NewExperimentAsync(workspace, "gone");
        await Store.DeleteExperimentAsync(workspace, id);

        Assert.Null(await Store.GetExperimentByNameAsync(workspace, "never"));
        var found = await Store.GetExperimentByNameAsync(workspace, "gone");
        Assert.Equal(LifecycleStage.Deleted, found!.LifecycleStage);
    }

    [Fact]
    public async Task RenameExperiment_changes_the_name_and_bumps_last_update_time()
    {
        var workspace = NewWorkspace();
        var id = await NewExperimentAsync(workspace, "old");
        var before = await Store.GetExperimentAsync(workspace, id);

        await Store.RenameExperimentAsync(workspace, id, "new");

        var after = await Store.GetExperimentAsync(workspace, id);
        Assert.Equal("new", after.Name);
        Assert.True(after.LastUpdateTime > before.LastUpdateTime);
        Assert.Null(await Store.GetExperimentByNameAsync(workspace, "old"));
    }

    [Fact]
    public async Task RenameExperiment_rejects_a_taken_name_and_a_deleted_experiment()
    {
        var workspace = NewWorkspace();
        var id = await NewExperimentAsync(workspace, "one");
        await NewExperimentAsync(workspace, "two");

        await AssertFailsAsync(ErrorCode.ResourceAlreadyExists, () => Store.RenameExperimentAsync(workspace, id, "two"));
        await Store.DeleteExperimentAsync(workspace, id);
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.RenameExperimentAsync(workspace, id, "three"));
    }

    [Fact]
    public async Task DeleteExperiment_soft_deletes_it_with_its_runs_and_restore_brings_both_back()
    {
        var workspace = NewWorkspace();
        var id = await NewExperimentAsync(workspace);
        var run = await NewRunAsync(workspace, id);

        await Store.DeleteExperimentAsync(workspace, id);

        Assert.Equal(LifecycleStage.Deleted, (await Store.GetExperimentAsync(workspace, id)).LifecycleStage);
        Assert.Equal(LifecycleStage.Deleted, (await Store.GetRunAsync(workspace, run.Info.RunId)).Info.LifecycleStage);

        await Store.RestoreExperimentAsync(workspace, id);

        Assert.Equal(LifecycleStage.Active, (await Store.GetExperimentAsync(workspace, id)).LifecycleStage);
        Assert.Equal(LifecycleStage.Active, (await Store.GetRunAsync(workspace, run.Info.RunId)).Info.LifecycleStage);
    }

    [Fact]
    public async Task DeleteExperiment_of_a_deleted_one_and_restore_of_an_active_one_are_not_found()
    {
        var workspace = NewWorkspace();
        var id = await NewExperimentAsync(workspace);

        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.RestoreExperimentAsync(workspace, id));
        await Store.DeleteExperimentAsync(workspace, id);
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.DeleteExperimentAsync(workspace, id));
    }

    [Fact]
    public async Task DeleteExperiment_refuses_the_default_experiment()
    {
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.DeleteExperimentAsync(Workspaces.Default, "0"));

        Assert.Equal(LifecycleStage.Active, (await Store.GetExperimentAsync(Workspaces.Default, "0")).LifecycleStage);
    }

    [Fact]
    public async Task SetExperimentTag_adds_and_replaces_tags_but_not_on_a_deleted_experiment()
    {
        var workspace = NewWorkspace();
        var id = await NewExperimentAsync(workspace);

        await Store.SetExperimentTagAsync(workspace, id, new Tag("a", "1"));
        await Store.SetExperimentTagAsync(workspace, id, new Tag("a", "2"));
        await Store.SetExperimentTagAsync(workspace, id, new Tag("b", "3"));

        Assert.Equal([new Tag("a", "2"), new Tag("b", "3")], (await Store.GetExperimentAsync(workspace, id)).Tags);
        await Store.DeleteExperimentAsync(workspace, id);
        var error = await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.SetExperimentTagAsync(workspace, id, new Tag("c", "4")));
        Assert.Equal($"The experiment {id} must be in the 'active' state. Current state is deleted.", error.Message);
    }
}
