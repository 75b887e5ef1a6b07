using Slipway.Core.Errors;
using Slipway.Core.Security;

namespace Slipway.Storage.Tests.Contract;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task A_created_workspace_is_listed_once()
    {
        var workspace = NewWorkspace();

        await Store.CreateWorkspaceAsync(workspace);

        Assert.Contains(workspace, await Store.ListWorkspacesAsync());
        Assert.Contains(Core.Stores.Workspaces.Default, await Store.ListWorkspacesAsync());
        await AssertFailsAsync(ErrorCode.ResourceAlreadyExists, () => Store.CreateWorkspaceAsync(workspace));
        await AssertFailsAsync(ErrorCode.ResourceAlreadyExists, () => Store.CreateWorkspaceAsync(Core.Stores.Workspaces.Default));
    }

    [Fact]
    public async Task Members_have_one_role_per_workspace_which_can_change()
    {
        var workspace = NewWorkspace();
        var other = NewWorkspace();
        await Store.CreateWorkspaceAsync(workspace);
        await Store.CreateWorkspaceAsync(other);
        var alice = await NewUserAsync();
        var bob = await NewUserAsync();

        await Store.SetWorkspaceMemberAsync(workspace, alice, WorkspaceRole.Viewer);
        await Store.SetWorkspaceMemberAsync(workspace, bob, WorkspaceRole.Owner);
        await Store.SetWorkspaceMemberAsync(other, alice, WorkspaceRole.Editor);
        await Store.SetWorkspaceMemberAsync(workspace, alice, WorkspaceRole.Maintainer);

        Assert.Equal(
            [.. new[] { new WorkspaceMembership(workspace, alice, WorkspaceRole.Maintainer), new WorkspaceMembership(workspace, bob, WorkspaceRole.Owner) }.OrderBy(m => m.User, StringComparer.Ordinal)],
            await Store.ListWorkspaceMembersAsync(workspace));
        Assert.Equal(
            [.. new[] { new WorkspaceMembership(workspace, alice, WorkspaceRole.Maintainer), new WorkspaceMembership(other, alice, WorkspaceRole.Editor) }.OrderBy(m => m.WorkspaceId, StringComparer.Ordinal)],
            await Store.ListMembershipsAsync(alice));

        await Store.RemoveWorkspaceMemberAsync(workspace, alice);
        Assert.Equal([new WorkspaceMembership(other, alice, WorkspaceRole.Editor)], await Store.ListMembershipsAsync(alice));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.RemoveWorkspaceMemberAsync(workspace, alice));
    }

    [Fact]
    public async Task Memberships_need_an_existing_user_and_workspace_and_go_with_the_user()
    {
        var workspace = NewWorkspace();
        await Store.CreateWorkspaceAsync(workspace);
        var user = await NewUserAsync();

        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.SetWorkspaceMemberAsync(NewWorkspace(), user, WorkspaceRole.Viewer));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.SetWorkspaceMemberAsync(workspace, UniqueName("ghost"), WorkspaceRole.Viewer));
        await AssertFailsAsync(ErrorCode.ResourceDoesNotExist, () => Store.ListWorkspaceMembersAsync(NewWorkspace()));
        Assert.Empty(await Store.ListMembershipsAsync(UniqueName("ghost")));

        await Store.SetWorkspaceMemberAsync(workspace, user, WorkspaceRole.Editor);
        await Store.DeleteUserAsync(user);
        Assert.Empty(await Store.ListWorkspaceMembersAsync(workspace));
    }
}
