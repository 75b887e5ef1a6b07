using Slipway.Core.Errors;
using Slipway.Core.Tracking;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task CreateRun_assigns_an_id_and_artifact_uri_and_mirrors_the_name_in_a_tag()
    {
        var workspace = NewWorkspace();
        var experimentId = await NewExperimentAsync(workspace);

        var run = await Store.CreateRunAsync(workspace, new NewRun(experimentId, "alice", "my-run", 1234, [new Tag("k", "v")]));

        Assert.Matches("^[0-9a-f]{32}$", run.Info.RunId);
        Assert.Equal(experimentId, run.Info.ExperimentId);
        Assert.Equal("my-run", run.Info.RunName);
        Assert.Equal("alice", run.Info.UserId);
        Assert.Equal(RunStatus.Running, run.Info.Status);
        Assert.Equal(1234, run.Info.StartTime);
        Assert.Null(run.Info.EndTime);
        Assert.Equal($"mlflow-artifacts:/{experimentId}/{run.Info.RunId}/artifacts", run.Info.ArtifactUri);
        Assert.Equal(LifecycleStage.Active, run.Info.LifecycleStage);

        var stored = await Store.GetRunAsync(workspace, run.Info.RunId);
        Assert.Equal(run.Info, stored.Info);
        Assert.Equal([new Tag("k", "v"), new Tag(SystemTags.RunName, "my-run")], stored.Tags);
        Assert.Empty(stored.Metrics);
        Assert.Empty(stored.Params);
        Assert.Empty(stored.Inputs);
    }

    [Fact]
    public async Task CreateRun_without_a_name_gets_a_friendly_generated_one()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();

        Assert.Matches("^[a-z]+-[a-z]+-[0-9]{1,3}$", run.Info.RunName);
        Assert.Contains(new Tag(SystemTags.RunName, run.Info.RunName), (await Store.GetRunAsync(workspace, run.Info.RunId)).Tags);
    }

    [Fact]
    public async Task CreateRun_takes_its_name_from_the_runName_tag_and_rejects_a_conflicting_one()
    {
        var workspace = NewWorkspace();
        var experimentId = await NewExperimentAsync(workspace);

        var named = await NewRunAsync(workspace, experimentId, tags: [new Tag(SystemTags.RunName, "from-tag")]);
        Assert.Equal("from-tag", named.Info.RunName);

        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => NewRunAsync(workspace, experimentId, "arg", tags: [new Tag(SystemTags.RunName, "tag")]));
    }

    [Fact]
    public async Task CreateRun_fails_for_a_missing_or_deleted_experiment()
    {
        var workspace = NewWorkspace();
        var experimentId = await NewExperimentAsync(workspace);
        await Store.DeleteExperimentAsync(workspace, experimentId);

        var missing = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => NewRunAsync(workspace, "987654"));
        Assert.Equal("No Experiment with id=987654 exists", missing.Message);
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => NewRunAsync(workspace, experimentId));
    }

    [Fact]
    public async Task GetRun_of_a_missing_run_or_one_in_another_workspace_is_not_found()
    {
        var (_, _, run) = await NewWorkspaceWithRunAsync();

        var error = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetRunAsync(NewWorkspace(), "0123456789abcdef0123456789abcdef"));
        Assert.Equal("Run with id=0123456789abcdef0123456789abcdef not found", error.Message);
        var other = NewWorkspace();
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetRunAsync(other, run.Info.RunId));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.LogBatchAsync(other, run.Info.RunId, [], [new Param("p", "1")], []));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.DeleteRunAsync(other, run.Info.RunId));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.UpdateRunAsync(other, run.Info.RunId, new RunUpdate(RunStatus.Failed, null, null)));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetMetricHistoryAsync(other, run.Info.RunId, "m", 10, null));
    }

    [Fact]
    public async Task UpdateRun_sets_status_end_time_and_name_and_renames_the_name_tag()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();

        var info = await Store.UpdateRunAsync(workspace, run.Info.RunId, new RunUpdate(RunStatus.Finished, 9999, "renamed"));

        Assert.Equal(RunStatus.Finished, info.Status);
        Assert.Equal(9999, info.EndTime);
        Assert.Equal("renamed", info.RunName);
        var stored = await Store.GetRunAsync(workspace, run.Info.RunId);
        Assert.Equal(info, stored.Info);
        Assert.Contains(new Tag(SystemTags.RunName, "renamed"), stored.Tags);

        var unchanged = await Store.UpdateRunAsync(workspace, run.Info.RunId, new RunUpdate(null, null, null));
        Assert.Equal(info, unchanged);
    }

    [Fact]
    public async Task Setting_the_runName_tag_renames_the_run()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();

        await Store.LogBatchAsync(workspace, run.Info.RunId, [], [], [new Tag(SystemTags.RunName, "via-tag")]);

        Assert.Equal("via-tag", (await Store.GetRunAsync(workspace, run.Info.RunId)).Info.RunName);
    }

    [Fact]
    public async Task DeleteRun_and_RestoreRun_switch_the_lifecycle_stage()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();

        await Store.DeleteRunAsync(workspace, run.Info.RunId);
        Assert.Equal(LifecycleStage.Deleted, (await Store.GetRunAsync(workspace, run.Info.RunId)).Info.LifecycleStage);

        await Store.RestoreRunAsync(workspace, run.Info.RunId);
        Assert.Equal(LifecycleStage.Active, (await Store.GetRunAsync(workspace, run.Info.RunId)).Info.LifecycleStage);
    }

    [Fact]
    public async Task A_deleted_run_rejects_updates_logging_and_tag_changes()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();
        var id = run.Info.RunId;
        await Store.DeleteRunAsync(workspace, id);

        var error = await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.LogBatchAsync(workspace, id, [new Metric("m", 1, 1, 0)], [], []));
        Assert.Equal($"The run {id} must be in the 'active' state. Current state is deleted.", error.Message);
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.UpdateRunAsync(workspace, id, new RunUpdate(RunStatus.Finished, 1, null)));
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.DeleteTagAsync(workspace, id, SystemTags.RunName));
        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.LogInputsAsync(workspace, id, [new DatasetInput(new Dataset("d", "1", "local", "{}", null, null), [])]));
    }

    [Fact]
    public async Task LogBatch_on_a_missing_run_is_not_found()
    {
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.LogBatchAsync(NewWorkspace(), "ffffffffffffffffffffffffffffffff", [], [], [new Tag("a", "b")]));
    }

    [Fact]
    public async Task DeleteTag_removes_a_tag_and_reports_a_missing_one()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();
        await Store.LogBatchAsync(workspace, run.Info.RunId, [], [], [new Tag("a", "1"), new Tag("b", "2")]);

        await Store.DeleteTagAsync(workspace, run.Info.RunId, "a");

        Assert.DoesNotContain((await Store.GetRunAsync(workspace, run.Info.RunId)).Tags, t => t.Key == "a");
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.DeleteTagAsync(workspace, run.Info.RunId, "a"));
    }

    [Fact]
    public async Task LogBatch_stores_params_tags_and_latest_metrics()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();

        await Store.LogBatchAsync(
            workspace,
            run.Info.RunId,
            [new Metric("loss", 0.5, 10, 1), new Metric("acc", 0.9, 10, 1)],
            [new Param("lr", "0.01"), new Param("layers", "3")],
            [new Tag("team", "a"), new Tag("team", "b")]);

        var stored = await Store.GetRunAsync(workspace, run.Info.RunId);
        Assert.Equal([new Metric("acc", 0.9, 10, 1), new Metric("loss", 0.5, 10, 1)], stored.Metrics);
        Assert.Equal([new Param("layers", "3"), new Param("lr", "0.01")], stored.Params);
        Assert.Contains(new Tag("team", "b"), stored.Tags);
    }

    [Fact]
    public async Task LogBatch_accepts_the_same_param_value_again()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();
        await Store.LogBatchAsync(workspace, run.Info.RunId, [], [new Param("lr", "0.01")], []);

        await Store.LogBatchAsync(workspace, run.Info.RunId, [], [new Param("lr", "0.01"), new Param("lr", "0.01")], []);

        Assert.Equal([new Param("lr", "0.01")], (await Store.GetRunAsync(workspace, run.Info.RunId)).Params);
    }

    [Fact]
    public async Task LogBatch_rejects_changing_a_param_value_and_stores_nothing_of_that_batch()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();
        var id = run.Info.RunId;
        await Store.LogBatchAsync(workspace, id, [], [new Param("x", "a")], []);

        var error = await AssertFailsAsync(
            ErrorCode.InvalidParameterValue,
            () => Store.LogBatchAsync(workspace, id, [new Metric("m", 1, 1, 1)], [new Param("y", "new"), new Param("x", "b")], [new Tag("t", "v")]));

        Assert.Equal(
            $"Changing param values is not allowed. Param with key='x' was already logged with value='a' for run ID='{id}'. Attempted logging new value 'b'.",
            error.Message);
        var stored = await Store.GetRunAsync(workspace, id);
        Assert.Equal([new Param("x", "a")], stored.Params);
        Assert.Empty(stored.Metrics);
        Assert.DoesNotContain(stored.Tags, t => t.Key == "t");
    }

    [Fact]
    public async Task LogBatch_rejects_one_param_key_with_two_values_in_one_batch()
    {
        var (workspace, _, run) = await NewWorkspaceWithRunAsync();

        await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.LogBatchAsync(workspace, run.Info.RunId, [], [new Param("p", "1"), new Param("p", "2")], []));

        Assert.Empty((await Store.GetRunAsync(workspace, run.Info.RunId)).Params);
    }

    [Fact]
    public async Task LogInputs_stores_datasets_with_input_tags_once_per_run()
    {
        var (workspace, experimentId, run) = await NewWorkspaceWithRunAsync();
        var dataset = new Dataset("train", "abc123", "local", "{\"uri\":\"/data\"}", "{\"cols\":[]}", null);
        var input = new DatasetInput(dataset, [new Tag(DatasetInput.ContextTag, "training")]);

        await Store.LogInputsAsync(workspace, run.Info.RunId, [input]);
        await Store.LogInputsAsync(workspace, run.Info.RunId, [input, input]);
        var other = await NewRunAsync(workspace, experimentId);
        await Store.LogInputsAsync(workspace, other.Info.RunId, [new DatasetInput(dataset, [new Tag(DatasetInput.ContextTag, "eval")])]);

        var stored = await Store.GetRunAsync(workspace, run.Info.RunId);
        var single = Assert.Single(stored.Inputs);
        Assert.Equal(dataset, single.Dataset);
        Assert.Equal([new Tag(DatasetInput.ContextTag, "training")], single.Tags);
        var otherInput = Assert.Single((await Store.GetRunAsync(workspace, other.Info.RunId)).Inputs);
        Assert.Equal([new Tag(DatasetInput.ContextTag, "eval")], otherInput.Tags);
    }
}
