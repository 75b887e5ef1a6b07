namespace Slipway.Core.Security;

/// <summary>MLflow's permission names, what each level allows, and the level a workspace role gives.</summary>
public static class AccessLevels
{
    public static string ToName(AccessLevel permission) => permission switch
    {
        AccessLevel.NoPermissions => "NO_PERMISSIONS",
        AccessLevel.Read => "READ",
        AccessLevel.Edit => "EDIT",
        AccessLevel.Manage => "MANAGE",
        _ => throw new ArgumentOutOfRangeException(nameof(permission), permission, "Not a resource permission."),
    };

    /// <summary>Parses MLflow's names exactly (its API is case-sensitive here).</summary>
    public static bool TryParse(string? name, out AccessLevel permission)
    {
        (var known, permission) = name switch
        {
            "NO_PERMISSIONS" => (true, AccessLevel.NoPermissions),
            "READ" => (true, AccessLevel.Read),
            "EDIT" => (true, AccessLevel.Edit),
            "MANAGE" => (true, AccessLevel.Manage),
            _ => (false, AccessLevel.NoPermissions),
        };
        return known;
    }

    public static bool CanRead(AccessLevel permission) => permission >= AccessLevel.Read;

    public static bool CanUpdate(AccessLevel permission) => permission >= AccessLevel.Edit;

    public static bool CanDelete(AccessLevel permission) => permission == AccessLevel.Manage;

    public static bool CanManage(AccessLevel permission) => permission == AccessLevel.Manage;

    /// <summary>The level a workspace role gives on every resource of the workspace that has no grant of its own.</summary>
    public static AccessLevel ForRole(WorkspaceRole role) => role switch
    {
        WorkspaceRole.Viewer => AccessLevel.Read,
        WorkspaceRole.Editor => AccessLevel.Edit,
        WorkspaceRole.Maintainer or WorkspaceRole.Owner => AccessLevel.Manage,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a workspace role."),
    };
}
