using Slipway.Core.Security;
using Xunit;

namespace Slipway.Core.Tests.Security;

public sealed class WorkspaceRoleNamesTests
{
    [Fact]
    public void Every_role_round_trips_through_its_name_in_any_casing()
    {
        foreach (var role in Enum.GetValues<WorkspaceRole>())
        {
            Assert.True(WorkspaceRoleNames.TryParse(WorkspaceRoleNames.ToName(role), out var parsed));
            Assert.Equal(role, parsed);
            Assert.True(WorkspaceRoleNames.TryParse(WorkspaceRoleNames.ToName(role).ToUpperInvariant(), out _));
        }

        Assert.True(WorkspaceRole.Viewer < WorkspaceRole.Editor && WorkspaceRole.Editor < WorkspaceRole.Maintainer && WorkspaceRole.Maintainer < WorkspaceRole.Owner);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("admin")]
    [InlineData("READ")]
    public void Other_names_are_not_roles(string? name)
    {
        Assert.False(WorkspaceRoleNames.TryParse(name, out _));
    }
}
