using Slipway.Core.Security;

namespace Slipway.Client;

/// <summary>
/// Who the server takes the client to be (<c>GET /api/v1/me</c>), so a script can check its credentials before it
/// acts. <see cref="Method"/> is how the caller signed in: <c>basic</c>, <c>token</c>, <c>oidc</c> or
/// <c>single-user</c>. <see cref="Scopes"/> and <see cref="TokenWorkspace"/> are set only for API tokens: what the
/// token may do, and the one workspace it works in.
/// </summary>
public sealed record CallerIdentity(
    User User,
    string Method,
    IReadOnlyList<string>? Scopes,
    string? TokenWorkspace,
    IReadOnlyList<WorkspaceMembership> Memberships);
