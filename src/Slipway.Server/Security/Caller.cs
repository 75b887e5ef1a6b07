namespace Slipway.Server.Security;

/// <summary>
/// The identity a request was authenticated as. <see cref="Scopes"/> is null unless an API token was used; a
/// token's <see cref="TokenWorkspace"/>, when set, is the only workspace it works in. <see cref="Method"/> says how
/// the caller proved who it is: <c>basic</c>, <c>token</c>, <c>oidc</c> or <c>single-user</c>.
/// </summary>
public sealed record Caller(string Name, bool IsAdmin, IReadOnlyList<string>? Scopes, string? TokenWorkspace, string Method)
{
    /// <summary>The identity of every request in single-user mode (loopback, no users yet).</summary>
    public static Caller SingleUser { get; } = new("local", true, null, null, "single-user");

    /// <summary>A request without credentials, which only reaches public endpoints.</summary>
    public static Caller Anonymous { get; } = new("anonymous", false, [], null, "none");
}
