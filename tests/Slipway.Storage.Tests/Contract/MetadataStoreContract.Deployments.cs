using Slipway.Core.Errors;
using Slipway.Core.Serving;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    private static readonly DeploymentSpec SingleTargetSpec = new([new DeploymentTarget("models:/churn/1", 1)]);

    // Every field set, with values that catch lossy storage: a fraction with no short decimal form, a URL with a query.
    private static readonly DeploymentSpec FullDeploymentSpec = new(
        [new DeploymentTarget("models:/churn@champion", 90), new DeploymentTarget("models:/churn/7", 10), new DeploymentTarget("models:/churn/Staging", 0)],
        Shadow: "models:/churn-next/Production",
        StickyHeader: "X-User-Id",
        Batching: new DeploymentBatching(64, 7),
        LogSampleRate: 1.0 / 3,
        LogWebhook: "https://hooks.example.com/inference?source=slipway&x=\"q\"");

    private static DeploymentSpec WeightedSpec(int canaryWeight) =>
        new([new DeploymentTarget("models:/churn@champion", 100 - canaryWeight), new DeploymentTarget("models:/churn@challenger", canaryWeight)]);

    [Fact]
    public async Task Deployment_is_created_at_revision_1_with_a_created_revision()
    {
        var workspace = NewWorkspace();
        var name = UniqueName("churn");

        var created = await Store.CreateDeploymentAsync(workspace, name, "churn scoring", FullDeploymentSpec, "alice");

        Assert.Equal(new Deployment(name, "churn scoring", 1, FullDeploymentSpec, created.CreationTimestamp, created.CreationTimestamp, "alice", "alice"), created);
        Assert.True(created.CreationTimestamp > 0);
        Assert.Equal(created, await Store.GetDeploymentAsync(workspace, name));
        var revision = Assert.Single(await Store.ListDeploymentRevisionsAsync(workspace, name));
        Assert.Equal(new DeploymentRevision(1, FullDeploymentSpec, created.CreationTimestamp, "alice", "created"), revision);
        Assert.Equal(revision, await Store.GetDeploymentRevisionAsync(workspace, name, 1));
    }

    [Fact]
    public async Task Deployment_update_appends_a_revision_and_keeps_every_previous_one()
    {
        var workspace = NewWorkspace();
        var name = UniqueName("churn");
        var created = await Store.CreateDeploymentAsync(workspace, name, "v1", WeightedSpec(0), "alice");

        var second = await Store.UpdateDeploymentAsync(workspace, name, WeightedSpec(10), null, "bob", "canary at 10%", null);
        var third = await Store.UpdateDeploymentAsync(workspace, name, WeightedSpec(50), "half and half", "carol", "updated", 2);

        Assert.Equal(2, second.Revision);
        Assert.Equal("v1", second.Description);
        Assert.Equal(3, third.Revision);
        Assert.Equal("half and half", third.Description);
        Assert.Equal(WeightedSpec(50), third.Spec);
        Assert.Equal(("alice", "carol"), (third.CreatedBy, third.UpdatedBy));
        Assert.Equal(created.CreationTimestamp, third.CreationTimestamp);
        Assert.True(third.LastUpdatedTimestamp > second.LastUpdatedTimestamp && second.LastUpdatedTimestamp > created.LastUpdatedTimestamp);
        Assert.Equal(third, await Store.GetDeploymentAsync(workspace, name));

        var revisions = await Store.ListDeploymentRevisionsAsync(workspace, name);
        Assert.Equal(
            [(3L, WeightedSpec(50), "carol", "updated"), (2L, WeightedSpec(10), "bob", "canary at 10%"), (1L, WeightedSpec(0), "alice", "created")],
            revisions.Select(r => (r.Revision, r.Spec, r.CreatedBy, r.Change)));
        Assert.Equal([third.LastUpdatedTimestamp, second.LastUpdatedTimestamp, created.CreationTimestamp], revisions.Select(r => r.CreationTimestamp));
        Assert.Equal(WeightedSpec(10), (await Store.GetDeploymentRevisionAsync(workspace, name, 2)).Spec);
    }

    [Fact]
    public async Task Deployment_update_expecting_an_older_revision_fails_saying_which_is_current_and_changes_nothing()
    {
        var workspace = NewWorkspace();
        var name = UniqueName("churn");
        await Store.CreateDeploymentAsync(workspace, name, null, WeightedSpec(0), "alice");
        var current = await Store.UpdateDeploymentAsync(workspace, name, WeightedSpec(10), null, "bob", "updated", 1);

        var error = await AssertFailsAsync(
            ErrorCode.InvalidParameterValue,
            () => Store.UpdateDeploymentAsync(workspace, name, WeightedSpec(90), null, "carol", "updated", 1));

        Assert.Contains($"Deployment '{name}' changed meanwhile", error.Message, StringComparison.Ordinal);
        Assert.Contains("revision 2 is current", error.Message, StringComparison.Ordinal);
        Assert.Equal(current, await Store.GetDeploymentAsync(workspace, name));
        Assert.Equal([2L, 1L], (await Store.ListDeploymentRevisionsAsync(workspace, name)).Select(r => r.Revision));
    }

    [Fact]
    public async Task Deployment_updates_at_the_same_time_each_get_their_own_revision()
    {
        var workspace = NewWorkspace();
        var name = UniqueName("churn");
        await Store.CreateDeploymentAsync(workspace, name, null, WeightedSpec(0), "alice");

        var updated = await Task.WhenAll(Enumerable.Range(1, 8).Select(weight => Task.Run(() =>
            Store.UpdateDeploymentAsync(workspace, name, WeightedSpec(weight), null, $"user{weight}", "updated", null))));

        Assert.Equal(Enumerable.Range(2, 8).Select(r => (long)r), updated.Select(d => d.Revision).Order());
        var revisions = await Store.ListDeploymentRevisionsAsync(workspace, name);
        Assert.Equal(Enumerable.Range(1, 9).Reverse().Select(r => (long)r), revisions.Select(r => r.Revision));
        foreach (var deployment in updated)
        {
            Assert.Equal(deployment.Spec, revisions.Single(r => r.Revision == deployment.Revision).Spec);
        }

        Assert.Equal(revisions[0].Spec, (await Store.GetDeploymentAsync(workspace, name)).Spec);
    }

    [Fact]
    public async Task Deployment_updates_at_the_same_time_expecting_one_revision_let_exactly_one_through()
    {
        var workspace = NewWorkspace();
        var name = UniqueName("churn");
        await Store.CreateDeploymentAsync(workspace, name, null, WeightedSpec(0), "alice");

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 6).Select(weight => Task.Run(async () =>
        {
            try
            {
                return (await Store.UpdateDeploymentAsync(workspace, name, WeightedSpec(weight), null, null, "updated", 1)).Revision;
            }
            catch (SlipwayException error) when (error.Code == ErrorCode.InvalidParameterValue)
            {
                return 0;
            }
        })));

        Assert.Equal([0L, 0, 0, 0, 0, 2], outcomes.Order());
        Assert.Equal(2, (await Store.ListDeploymentRevisionsAsync(workspace, name)).Count);
    }

    [Fact]
    public async Task Deployment_name_taken_in_the_workspace_is_rejected_and_the_first_stays()
    {
        var workspace = NewWorkspace();
        var name = UniqueName("churn");
        var first = await Store.CreateDeploymentAsync(workspace, name, "first", WeightedSpec(0), "alice");

        var error = await AssertFailsAsync(ErrorCode.ResourceAlreadyExists, () => Store.CreateDeploymentAsync(workspace, name, "second", FullDeploymentSpec, "bob"));

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(first, await Store.GetDeploymentAsync(workspace, name));
        Assert.Single(await Store.ListDeploymentRevisionsAsync(workspace, name));
    }

    [Fact]
    public async Task Deployment_unknown_is_not_found_by_name_for_every_operation()
    {
        var workspace = NewWorkspace();
        await Store.CreateDeploymentAsync(workspace, "known", null, SingleTargetSpec, null);

        foreach (var action in new Func<Task>[]
        {
            () => Store.GetDeploymentAsync(workspace, "nope"),
            () => Store.UpdateDeploymentAsync(workspace, "nope", SingleTargetSpec, null, null, "updated", null),
            () => Store.UpdateDeploymentAsync(workspace, "nope", SingleTargetSpec, null, null, "updated", 1),
            () => Store.ListDeploymentRevisionsAsync(workspace, "nope"),
            () => Store.GetDeploymentRevisionAsync(workspace, "nope", 1),
            () => Store.DeleteDeploymentAsync(workspace, "nope"),
        })
        {
            var error = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, action);
            Assert.Equal("Deployment 'nope' not found.", error.Message);
        }

        var revision = await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetDeploymentRevisionAsync(workspace, "known", 2));
        Assert.Equal("Deployment 'known' has no revision 2; its revisions are 1 to 1.", revision.Message);
    }

    [Fact]
    public async Task Deployment_delete_removes_it_and_its_revisions()
    {
        var workspace = NewWorkspace();
        var name = UniqueName("churn");
        await Store.CreateDeploymentAsync(workspace, name, "old", WeightedSpec(0), "alice");
        await Store.UpdateDeploymentAsync(workspace, name, WeightedSpec(10), null, "alice", "updated", null);

        await Store.DeleteDeploymentAsync(workspace, name);

        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetDeploymentAsync(workspace, name));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.ListDeploymentRevisionsAsync(workspace, name));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetDeploymentRevisionAsync(workspace, name, 1));
        Assert.Empty(await Store.ListDeploymentsAsync(workspace));

        // A deployment created again under the name starts a history of its own.
        var again = await Store.CreateDeploymentAsync(workspace, name, null, SingleTargetSpec, "bob");
        Assert.Equal(1, again.Revision);
        Assert.Equal(
            [new DeploymentRevision(1, SingleTargetSpec, again.CreationTimestamp, "bob", "created")],
            await Store.ListDeploymentRevisionsAsync(workspace, name));
    }

    [Fact]
    public async Task Deployments_of_the_same_name_in_two_workspaces_are_separate()
    {
        var workspace = NewWorkspace();
        var other = NewWorkspace();
        var name = UniqueName("churn");
        await Store.CreateDeploymentAsync(workspace, name, "here", WeightedSpec(0), "alice");
        var theirs = await Store.CreateDeploymentAsync(other, name, "there", FullDeploymentSpec, "bob");

        await Store.UpdateDeploymentAsync(workspace, name, WeightedSpec(20), null, "alice", "updated", 1);

        Assert.Equal(theirs, await Store.GetDeploymentAsync(other, name));
        Assert.Single(await Store.ListDeploymentRevisionsAsync(other, name));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetDeploymentRevisionAsync(other, name, 2));

        await Store.DeleteDeploymentAsync(workspace, name);

        Assert.Equal(theirs, await Store.GetDeploymentAsync(other, name));
        Assert.Equal([theirs], await Store.ListDeploymentsAsync(other));
        Assert.Single(await Store.ListDeploymentRevisionsAsync(other, name));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetDeploymentAsync(NewWorkspace(), name));
    }

    [Fact]
    public async Task Deployments_are_listed_by_name_per_workspace_and_all_of_them_across_workspaces()
    {
        var workspace = NewWorkspace();
        var other = NewWorkspace();
        await Store.CreateDeploymentAsync(workspace, "zeta", null, SingleTargetSpec, null);
        await Store.CreateDeploymentAsync(workspace, "alpha", null, SingleTargetSpec, null);
        await Store.CreateDeploymentAsync(workspace, "mid-2", null, SingleTargetSpec, null);
        await Store.CreateDeploymentAsync(other, "mid", "theirs", FullDeploymentSpec, "carol");

        Assert.Equal(["alpha", "mid-2", "zeta"], (await Store.ListDeploymentsAsync(workspace)).Select(d => d.Name));
        Assert.Equal(["mid"], (await Store.ListDeploymentsAsync(other)).Select(d => d.Name));
        Assert.Empty(await Store.ListDeploymentsAsync(NewWorkspace()));

        var all = (await Store.ListAllDeploymentsAsync()).Where(d => d.WorkspaceId == workspace || d.WorkspaceId == other).ToList();
        Assert.Equal(
            [(workspace, "alpha"), (workspace, "mid-2"), (workspace, "zeta"), (other, "mid")],
            all.Select(d => (d.WorkspaceId, d.Deployment.Name)).OrderBy(d => d.WorkspaceId == workspace ? 0 : 1));
        Assert.Equal(await Store.GetDeploymentAsync(other, "mid"), all.Single(d => d.WorkspaceId == other).Deployment);
    }

    [Fact]
    public async Task Deployment_spec_keeps_every_field_through_create_update_list_and_revisions()
    {
        var workspace = NewWorkspace();
        var full = UniqueName("full");
        var bare = UniqueName("bare");
        var bareSpec = new DeploymentSpec([new DeploymentTarget("models:/churn/2", 3)], Shadow: null, StickyHeader: null, Batching: null, LogSampleRate: 0, LogWebhook: null);

        await Store.CreateDeploymentAsync(workspace, full, null, FullDeploymentSpec, null);
        await Store.CreateDeploymentAsync(workspace, bare, null, bareSpec, null);
        await Store.UpdateDeploymentAsync(workspace, bare, FullDeploymentSpec, null, null, "updated", null);
        await Store.UpdateDeploymentAsync(workspace, full, bareSpec, null, null, "updated", null);

        Assert.Equal(bareSpec, (await Store.GetDeploymentAsync(workspace, full)).Spec);
        Assert.Equal(FullDeploymentSpec, (await Store.GetDeploymentAsync(workspace, bare)).Spec);
        Assert.Equal([FullDeploymentSpec, bareSpec], (await Store.ListDeploymentsAsync(workspace)).Select(d => d.Spec));
        Assert.Equal([bareSpec, FullDeploymentSpec], (await Store.ListDeploymentRevisionsAsync(workspace, full)).Select(r => r.Spec));
        Assert.Equal([FullDeploymentSpec, bareSpec], (await Store.ListDeploymentRevisionsAsync(workspace, bare)).Select(r => r.Spec));
        Assert.Equal(1.0 / 3, (await Store.GetDeploymentRevisionAsync(workspace, full, 1)).Spec.LogSampleRate);
    }

    [Fact]
    public async Task Deployment_with_a_bad_name_or_spec_is_rejected_and_nothing_is_stored()
    {
        var workspace = NewWorkspace();
        await Store.CreateDeploymentAsync(workspace, "kept", null, SingleTargetSpec, null);

        var name = await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.CreateDeploymentAsync(workspace, "Churn", null, SingleTargetSpec, null));
        var spec = await AssertFailsAsync(ErrorCode.InvalidParameterValue, () => Store.CreateDeploymentAsync(workspace, "churn", null, SingleTargetSpec with { Targets = [] }, null));
        var update = await AssertFailsAsync(
            ErrorCode.InvalidParameterValue,
            () => Store.UpdateDeploymentAsync(workspace, "kept", SingleTargetSpec with { LogSampleRate = 2 }, null, null, "updated", null));

        Assert.Contains("'Churn'", name.Message, StringComparison.Ordinal);
        Assert.Contains("targets", spec.Message, StringComparison.Ordinal);
        Assert.Contains("log_sample_rate", update.Message, StringComparison.Ordinal);
        Assert.Equal(["kept"], (await Store.ListDeploymentsAsync(workspace)).Select(d => d.Name));
        Assert.Single(await Store.ListDeploymentRevisionsAsync(workspace, "kept"));
    }
}
