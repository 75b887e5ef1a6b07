using Slipway.Core.Security;

namespace Slipway.Client;

/// <summary>
/// A workspace the caller can see and its role there. <see cref="Role"/> is null where the caller is not a member:
/// an admin (who sees every workspace) or a user with permissions on single resources only.
/// </summary>
public sealed record WorkspaceInfo(string Name, WorkspaceRole? Role);
