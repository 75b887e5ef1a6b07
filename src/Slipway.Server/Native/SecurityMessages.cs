namespace Slipway.Server.Native;

// Messages of the native security API (/api/v1): users, tokens, workspaces, members, permissions, audit.

public sealed class SetupRequest
{
    public string? SetupToken { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }
}

public sealed class CreateUserRequest
{
    public string? Username { get; set; }

    public string? Password { get; set; }

    public bool? Admin { get; set; }

    public bool? ServiceAccount { get; set; }
}

public sealed class PasswordRequest
{
    public string? Password { get; set; }
}

public sealed class AdminFlagRequest
{
    public bool? Admin { get; set; }
}

public sealed class UserDto
{
    public long Id { get; set; }

    public required string Username { get; set; }

    public bool IsAdmin { get; set; }

    public bool IsServiceAccount { get; set; }

    public long CreationTime { get; set; }
}

public sealed class UserResponse
{
    public required UserDto User { get; set; }
}

public sealed class UsersResponse
{
    public required List<UserDto> Users { get; set; }
}

public sealed class WhoAmIResponse
{
    public required UserDto User { get; set; }

    public required string Method { get; set; }

    public List<string>? Scopes { get; set; }

    public string? TokenWorkspace { get; set; }

    public required List<MemberDto> Memberships { get; set; }
}

public sealed class CreateTokenRequest
{
    public string? Name { get; set; }

    public string? User { get; set; }

    public List<string>? Scopes { get; set; }

    public string? Workspace { get; set; }

    public int? ExpiresInDays { get; set; }
}

public sealed class TokenDto
{
    public required string Name { get; set; }

    public required string User { get; set; }

    public required string Prefix { get; set; }

    public required List<string> Scopes { get; set; }

    public string? Workspace { get; set; }

    public long CreationTime { get; set; }

    public long? ExpiryTime { get; set; }

    public long? LastUsedTime { get; set; }

    public long? RevokedTime { get; set; }

    public bool Active { get; set; }
}

public sealed class CreateTokenResponse
{
    /// <summary>The token itself, shown this once.</summary>
    public required string Token { get; set; }

    public required TokenDto Info { get; set; }
}

public sealed class TokensResponse
{
    public required List<TokenDto> Tokens { get; set; }
}

public sealed class CreateWorkspaceRequest
{
    public string? Workspace { get; set; }

    public string? Owner { get; set; }
}

public sealed class WorkspaceDto
{
    public required string Workspace { get; set; }

    public string? Role { get; set; }
}

public sealed class WorkspacesResponse
{
    public required List<WorkspaceDto> Workspaces { get; set; }
}

public sealed class RoleRequest
{
    public string? Role { get; set; }
}

public sealed class MemberDto
{
    public required string Workspace { get; set; }

    public required string Username { get; set; }

    public required string Role { get; set; }
}

public sealed class MembersResponse
{
    public required List<MemberDto> Members { get; set; }
}

public sealed class PermissionRequest
{
    public string? Permission { get; set; }
}

public sealed class PermissionDto
{
    public required string Workspace { get; set; }

    public string? ExperimentId { get; set; }

    public string? RegisteredModel { get; set; }

    public required string Username { get; set; }

    public required string Permission { get; set; }
}

public sealed class PermissionsResponse
{
    public required List<PermissionDto> Permissions { get; set; }
}

public sealed class AuditEventDto
{
    public long Id { get; set; }

    public long Time { get; set; }

    public string? Actor { get; set; }

    public string? Workspace { get; set; }

    public required string Action { get; set; }

    public string? Resource { get; set; }

    public required string Outcome { get; set; }

    public string? ClientAddress { get; set; }

    public string? Details { get; set; }
}

public sealed class AuditEventsResponse
{
    public required List<AuditEventDto> Events { get; set; }

    public string? NextPageToken { get; set; }
}
