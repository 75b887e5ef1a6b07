using Slipway.Core.Security;
using Xunit;

namespace Slipway.Core.Tests.Security;

/// <summary>MLflow's table: READ reads; EDIT reads and updates; MANAGE does everything; NO_PERMISSIONS nothing.</summary>
public sealed class AccessLevelsTests
{
    [Theory]
    [InlineData("READ", true, false, false, false)]
    [InlineData("EDIT", true, true, false, false)]
    [InlineData("MANAGE", true, true, true, true)]
    [InlineData("NO_PERMISSIONS", false, false, false, false)]
    public void Each_level_allows_what_MLflow_documents(string name, bool read, bool update, bool delete, bool manage)
    {
        Assert.True(AccessLevels.TryParse(name, out var permission));

        Assert.Equal(name, AccessLevels.ToName(permission));
        Assert.Equal(
            (read, update, delete, manage),
            (AccessLevels.CanRead(permission), AccessLevels.CanUpdate(permission), AccessLevels.CanDelete(permission), AccessLevels.CanManage(permission)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("read")]
    [InlineData("WRITE")]
    public void Other_names_are_not_permissions(string? name)
    {
        Assert.False(AccessLevels.TryParse(name, out _));
    }

    [Fact]
    public void Roles_give_read_edit_and_manage()
    {
        Assert.Equal(AccessLevel.Read, AccessLevels.ForRole(WorkspaceRole.Viewer));
        Assert.Equal(AccessLevel.Edit, AccessLevels.ForRole(WorkspaceRole.Editor));
        Assert.Equal(AccessLevel.Manage, AccessLevels.ForRole(WorkspaceRole.Maintainer));
        Assert.Equal(AccessLevel.Manage, AccessLevels.ForRole(WorkspaceRole.Owner));
    }
}
