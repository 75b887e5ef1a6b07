namespace Slipway.Core.Security;

/// <summary>A user's role in a workspace.</summary>
public sealed record WorkspaceMembership(string WorkspaceId, string User, WorkspaceRole Role);
