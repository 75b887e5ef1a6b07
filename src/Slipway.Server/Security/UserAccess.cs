using Slipway.Core.Security;

namespace Slipway.Server.Security;

/// <summary>A user's roles by workspace and grants by workspace and resource, as the authorization point reads them.</summary>
public sealed class UserAccess
{
    /// <summary>The grants of a caller who holds none, shared rather than allocated per request.</summary>
    public static readonly IReadOnlyDictionary<(GrantedResource, string), AccessLevel> NoGrants =
        new Dictionary<(GrantedResource, string), AccessLevel>();

    private readonly Dictionary<string, WorkspaceRole> _roles;
    private readonly Dictionary<string, Dictionary<(GrantedResource, string), AccessLevel>> _grants;

    public UserAccess(IEnumerable<WorkspaceMembership> memberships, IEnumerable<ResourceGrant> grants)
    {
        ArgumentNullException.ThrowIfNull(memberships);
        ArgumentNullException.ThrowIfNull(grants);
        _roles = memberships.ToDictionary(m => m.WorkspaceId, m => m.Role, StringComparer.Ordinal);
        _grants = new Dictionary<string, Dictionary<(GrantedResource, string), AccessLevel>>(StringComparer.Ordinal);
        foreach (var grant in grants)
        {
            if (!_grants.TryGetValue(grant.WorkspaceId, out var inWorkspace))
            {
                _grants[grant.WorkspaceId] = inWorkspace = [];
            }

            inWorkspace[(grant.Kind, grant.ResourceId)] = grant.Level;
        }
    }

    public WorkspaceRole? RoleIn(string workspaceId) => _roles.TryGetValue(workspaceId, out var role) ? role : null;

    public IReadOnlyDictionary<(GrantedResource, string), AccessLevel> GrantsIn(string workspaceId) =>
        _grants.TryGetValue(workspaceId, out var grants) ? grants : NoGrants;

    /// <summary>Whether the workspace is visible at all: a role there, or a grant on something in it.</summary>
    public bool SeesWorkspace(string workspaceId) => _roles.ContainsKey(workspaceId) || _grants.ContainsKey(workspaceId);
}
