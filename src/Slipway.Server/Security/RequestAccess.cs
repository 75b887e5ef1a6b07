using Microsoft.AspNetCore.Http;
using Slipway.Core.Security;

namespace Slipway.Server.Security;

/// <summary>
/// What the authorization point decided about a request: who called, in which workspace, with which role and
/// grants there. Listing endpoints ask it which results the caller may see, so a grant of NO_PERMISSIONS hides a
/// resource from searches as well as from direct reads.
/// </summary>
public sealed class RequestAccess
{
    private readonly IReadOnlyDictionary<(GrantedResource, string), AccessLevel> _grants;

    public RequestAccess(Caller caller, string workspaceId, WorkspaceRole? role, IReadOnlyDictionary<(GrantedResource, string), AccessLevel> grants)
    {
        Caller = caller;
        WorkspaceId = workspaceId;
        Role = role;
        _grants = grants;
    }

    public Caller Caller { get; }

    public string WorkspaceId { get; }

    /// <summary>The caller's role in the workspace; null for a server admin who is not a member, or a caller with grants only.</summary>
    public WorkspaceRole? Role { get; }

    /// <summary>Whether any per-resource grant applies in this workspace; without one the role decides everything.</summary>
    public bool HasGrants => _grants.Count > 0;

    /// <summary>The level the caller has on a resource: its grant, else its role's level, else none (admins manage everything).</summary>
    public AccessLevel LevelOn(GrantedResource kind, string resourceId)
    {
        if (Caller.IsAdmin)
        {
            return AccessLevel.Manage;
        }

        if (_grants.TryGetValue((kind, resourceId), out var granted))
        {
            return granted;
        }

        return Role is { } role ? AccessLevels.ForRole(role) : AccessLevel.NoPermissions;
    }

    public bool CanRead(GrantedResource kind, string resourceId) => !HasGrants || AccessLevels.CanRead(LevelOn(kind, resourceId));

    /// <summary>
    /// Whether the request's caller may see a resource: what listings, searches and lineage filter their results by.
    /// True when no per-resource grant applies, which is nearly always.
    /// </summary>
    public static bool CanSee(HttpContext context, GrantedResource kind, string resourceId) =>
        Of(context) is not { } access || access.CanRead(kind, resourceId);

    public static RequestAccess? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<RequestAccess>();
    }

    public static Caller? CallerOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<RequestAccess>()?.Caller ?? context.Features.Get<Caller>();
    }

    // Request features rather than HttpContext.Items: Kestrel keeps a connection's feature slots from one request to the
    // next, where Items builds a dictionary for every request, and every inference request passes through here.
    internal static void Set(HttpContext context, RequestAccess access) => context.Features.Set(access);

    /// <summary>For endpoints outside any workspace: only the caller is known.</summary>
    internal static void SetCaller(HttpContext context, Caller caller) => context.Features.Set(caller);
}
