namespace Slipway.Core.Security;

/// <summary>
/// What the server keeps of an API token: never the token itself (see <see cref="ApiTokens"/>). Times are
/// milliseconds since the Unix epoch; a null expiry never expires.
/// </summary>
public sealed record ApiTokenInfo(
    long Id,
    string User,
    string Name,
    string DisplayPrefix,
    IReadOnlyList<string> Scopes,
    string? DefaultWorkspace,
    long CreationTime,
    long? ExpiryTime,
    long? LastUsedTime,
    long? RevokedTime)
{
    /// <summary>Whether the token authenticates at <paramref name="now"/>: not revoked and not expired.</summary>
    public bool IsActiveAt(long now) => RevokedTime is null && (ExpiryTime is not { } expiry || now < expiry);
}
