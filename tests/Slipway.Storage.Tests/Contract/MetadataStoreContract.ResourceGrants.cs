using Slipway.Core.Errors;
using Slipway.Core.Security;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task A_grant_on_an_experiment_can_be_read_changed_listed_and_deleted()
    {
        var workspace = NewWorkspace();
        var experimentId = await NewExperimentAsync(workspace);
        var user = await NewUserAsync();

        await Store.SetResourceGrantAsync(new ResourceGrant(workspace, GrantedResource.Experiment, experimentId, user, AccessLevel.Read));
        await Store.SetResourceGrantAsync(new ResourceGrant(workspace, GrantedResource.Experiment, experimentId, user, AccessLevel.Manage));

        var expected = new ResourceGrant(workspace, GrantedResource.Experiment, experimentId, user, AccessLevel.Manage);
        Assert.Equal(expected, await Store.GetResourceGrantAsync(workspace, GrantedResource.Experiment, experimentId, user));
        Assert.Equal([expected], await Store.ListResourceGrantsAsync(user));

        await Store.DeleteResourceGrantAsync(workspace, GrantedResource.Experiment, experimentId, user);
        Assert.Null(await Store.GetResourceGrantAsync(workspace, GrantedResource.Experiment, experimentId, user));
        Assert.Empty(await Store.ListResourceGrantsAsync(user));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.DeleteResourceGrantAsync(workspace, GrantedResource.Experiment, experimentId, user));
    }

    [Fact]
    public async Task A_grant_on_a_registered_model_follows_renames_and_goes_with_the_model()
    {
        var workspace = NewWorkspace();
        var name = UniqueName("model");
        await Store.CreateRegisteredModelAsync(workspace, name, null, null, []);
        var user = await NewUserAsync();
        await Store.SetResourceGrantAsync(new ResourceGrant(workspace, GrantedResource.RegisteredModel, name, user, AccessLevel.Edit));

        var renamed = UniqueName("renamed");
        await Store.RenameRegisteredModelAsync(workspace, name, renamed);

        Assert.Equal(
            [new ResourceGrant(workspace, GrantedResource.RegisteredModel, renamed, user, AccessLevel.Edit)],
            await Store.ListResourceGrantsAsync(user));
        Assert.Equal(AccessLevel.Edit, (await Store.GetResourceGrantAsync(workspace, GrantedResource.RegisteredModel, renamed, user))?.Level);

        await Store.DeleteRegisteredModelAsync(workspace, renamed);
        Assert.Empty(await Store.ListResourceGrantsAsync(user));

        // A new model that takes the old name starts without the old grant.
        await Store.CreateRegisteredModelAsync(workspace, renamed, null, null, []);
        Assert.Null(await Store.GetResourceGrantAsync(workspace, GrantedResource.RegisteredModel, renamed, user));
    }

    [Fact]
    public async Task Grants_need_an_existing_user_and_a_resource_of_the_same_workspace()
    {
        var workspace = NewWorkspace();
        var other = NewWorkspace();
        var experimentId = await NewExperimentAsync(workspace);
        var user = await NewUserAsync();

        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.SetResourceGrantAsync(
            new ResourceGrant(other, GrantedResource.Experiment, experimentId, user, AccessLevel.Read)));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.SetResourceGrantAsync(
            new ResourceGrant(workspace, GrantedResource.Experiment, "not-a-number", user, AccessLevel.Read)));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.SetResourceGrantAsync(
            new ResourceGrant(workspace, GrantedResource.Experiment, experimentId, UniqueName("ghost"), AccessLevel.Read)));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.SetResourceGrantAsync(
            new ResourceGrant(workspace, GrantedResource.RegisteredModel, UniqueName("missing"), user, AccessLevel.Read)));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.GetResourceGrantAsync(other, GrantedResource.Experiment, experimentId, user));

        await Store.SetResourceGrantAsync(new ResourceGrant(workspace, GrantedResource.Experiment, experimentId, user, AccessLevel.NoPermissions));
        Assert.Equal(AccessLevel.NoPermissions, (await Store.GetResourceGrantAsync(workspace, GrantedResource.Experiment, experimentId, user))?.Level);
        await Store.DeleteUserAsync(user);
        Assert.Empty(await Store.ListResourceGrantsAsync(user));
    }
}
