namespace Slipway.Client;

/// <summary>
/// An API token as the server lists it: never the token itself, only its <see cref="Prefix"/> (enough to recognise
/// it in a secret store). Times are milliseconds since the Unix epoch; a null <see cref="ExpiryTime"/> never expires.
/// <see cref="Active"/> is the server's verdict (not revoked, not expired), so the client's clock does not matter.
/// </summary>
public sealed record ApiToken(
    string Name,
    string User,
    string Prefix,
    IReadOnlyList<string> Scopes,
    string? Workspace,
    long CreationTime,
    long? ExpiryTime,
    long? LastUsedTime,
    long? RevokedTime,
    bool Active);
