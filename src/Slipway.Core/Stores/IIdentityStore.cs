using Slipway.Core.Security;

namespace Slipway.Core.Stores;

/// <summary>
/// Persistence of the server's identities (ADR 0007). User names are unique across the server and
/// case-sensitive, as MLflow's are. Passwords arrive and leave only as hashes.
/// </summary>
public interface IIdentityStore
{
    /// <exception cref="Errors.SlipwayException">RESOURCE_ALREADY_EXISTS when the name is taken.</exception>
    Task<User> CreateUserAsync(NewUser user, CancellationToken cancellationToken = default);

    Task<User> GetUserAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every user, by name.</summary>
    Task<IReadOnlyList<User>> ListUsersAsync(CancellationToken cancellationToken = default);

    /// <summary>The user's password hash; null when there is no such user or it has no password (a service account).</summary>
    Task<string?> GetPasswordHashAsync(string name, CancellationToken cancellationToken = default);

    Task SetPasswordHashAsync(string name, string passwordHash, CancellationToken cancellationToken = default);

    Task SetAdminAsync(string name, bool isAdmin, CancellationToken cancellationToken = default);

    Task DeleteUserAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Records a token of an existing user; its name is unique among that user's tokens.</summary>
    Task<ApiTokenInfo> CreateApiTokenAsync(NewApiToken token, CancellationToken cancellationToken = default);

    /// <summary>The token with this hash, revoked and expired ones included (the caller decides); null when there is none.</summary>
    Task<ApiTokenInfo?> FindApiTokenAsync(byte[] tokenHash, CancellationToken cancellationToken = default);

    /// <summary>The user's tokens, by name.</summary>
    Task<IReadOnlyList<ApiTokenInfo>> ListApiTokensAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>Revokes the user's token of this name; revoking it again keeps the first revocation time.</summary>
    Task RevokeApiTokenAsync(string user, string name, CancellationToken cancellationToken = default);

    /// <summary>Records that the token was used at <paramref name="time"/> (a missing token is ignored).</summary>
    Task TouchApiTokenAsync(long id, long time, CancellationToken cancellationToken = default);
}
