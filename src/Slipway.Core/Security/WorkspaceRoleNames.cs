namespace Slipway.Core.Security;

/// <summary>The lower-case names roles have in the API, the CLI and the store.</summary>
public static class WorkspaceRoleNames
{
    public static string ToName(WorkspaceRole role) => role switch
    {
        WorkspaceRole.Viewer => "viewer",
        WorkspaceRole.Editor => "editor",
        WorkspaceRole.Maintainer => "maintainer",
        WorkspaceRole.Owner => "owner",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a workspace role."),
    };

    public static bool TryParse(string? name, out WorkspaceRole role)
    {
        role = name?.ToLowerInvariant() switch
        {
            "viewer" => WorkspaceRole.Viewer,
            "editor" => WorkspaceRole.Editor,
            "maintainer" => WorkspaceRole.Maintainer,
            "owner" => WorkspaceRole.Owner,
            _ => 0,
        };
        return role != 0;
    }
}
