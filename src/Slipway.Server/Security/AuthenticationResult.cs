namespace Slipway.Server.Security;

/// <summary>
/// The outcome of reading a request's credentials: a <see cref="Caller"/>, a <see cref="Failure"/> that names what was
/// wrong, or neither (no credentials were sent). <see cref="FreshLogin"/> is true when a password or token was checked
/// against the store rather than the cache, which the audit log records as a login.
/// </summary>
public readonly record struct AuthenticationResult(Caller? Caller, string? Failure, string? ClaimedUser, bool FreshLogin)
{
    public static AuthenticationResult Anonymous => default;

    public static AuthenticationResult Failed(string failure, string? claimedUser = null) => new(null, failure, claimedUser, false);
}
