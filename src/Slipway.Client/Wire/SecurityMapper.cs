using Slipway.Core.Errors;
using Slipway.Core.Security;

namespace Slipway.Client.Wire;

/// <summary>
/// Maps the native security API's records to Slipway.Core records (and the client's own where Core has none).
/// Role and permission names this client does not know fail loudly: guessing a level would misstate access.
/// </summary>
internal static class SecurityMapper
{
    public static User ToDomain(this WireUser wire) =>
        new(wire.Id, wire.Username ?? string.Empty, wire.IsAdmin, wire.IsServiceAccount, wire.CreationTime);

    public static ApiToken ToDomain(this WireToken wire) => new(
        wire.Name ?? string.Empty,
        wire.User ?? string.Empty,
        wire.Prefix ?? string.Empty,
        wire.Scopes?.ToArray() ?? [],
        wire.Workspace,
        wire.CreationTime,
        wire.ExpiryTime,
        wire.LastUsedTime,
        wire.RevokedTime,
        wire.Active);

    public static WorkspaceInfo ToDomain(this WireWorkspace wire) =>
        new(wire.Workspace ?? string.Empty, wire.Role is null ? null : ParseRole(wire.Role));

    public static WorkspaceMembership ToDomain(this WireMember wire) =>
        new(wire.Workspace ?? string.Empty, wire.Username ?? string.Empty, ParseRole(wire.Role));

    public static ResourceGrant ToDomain(this WirePermission wire)
    {
        var level = AccessLevels.TryParse(wire.Permission, out var parsed) ? parsed : throw Unexpected("permission", wire.Permission);
        return wire.RegisteredModel is { } model
            ? new ResourceGrant(wire.Workspace ?? string.Empty, GrantedResource.RegisteredModel, model, wire.Username ?? string.Empty, level)
            : new ResourceGrant(wire.Workspace ?? string.Empty, GrantedResource.Experiment, wire.ExperimentId ?? string.Empty, wire.Username ?? string.Empty, level);
    }

    public static AuditEvent ToDomain(this WireAuditEvent wire) => new(
        wire.Id,
        wire.Time,
        wire.Actor,
        wire.Workspace,
        wire.Action ?? string.Empty,
        wire.Resource,
        wire.Outcome ?? string.Empty,
        wire.ClientAddress,
        wire.Details);

    private static WorkspaceRole ParseRole(string? name) =>
        WorkspaceRoleNames.TryParse(name, out var role) ? role : throw Unexpected("role", name);

    private static SlipwayException Unexpected(string what, string? value) =>
        new(ErrorCode.InternalError, $"The server sent the {what} '{value}', which this client does not know; update Slipway.Client.");
}
