namespace Slipway.Core.Security;

/// <summary>
/// A member's role in a workspace, each including the ones before it (ADR 0007): viewers read, editors also
/// write, maintainers also delete, move stages and aliases and grant access below owner, owners also manage
/// members.
/// </summary>
public enum WorkspaceRole
{
    Viewer = 1,
    Editor = 2,
    Maintainer = 3,
    Owner = 4,
}
