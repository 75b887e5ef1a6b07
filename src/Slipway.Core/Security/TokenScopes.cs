namespace Slipway.Core.Security;

/// <summary>
/// The scopes an API token may carry. A scope narrows what the token's user may do and never widens it:
/// <c>read</c> reads, <c>write</c> also creates and changes, <c>manage</c> also deletes, grants and manages
/// members, <c>admin</c> allows everything the user may do, and <c>invoke</c> calls model endpoints only.
/// </summary>
public static class TokenScopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Manage = "manage";
    public const string Admin = "admin";
    public const string Invoke = "invoke";

    public static IReadOnlyList<string> All { get; } = [Read, Write, Manage, Admin, Invoke];

    /// <summary>What a token gets when none are named: everything but administration.</summary>
    public static IReadOnlyList<string> Default { get; } = [Write];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);

    /// <summary>Whether a token with these scopes may be used for an endpoint that requires <paramref name="access"/>.</summary>
    public static bool Allow(IReadOnlyList<string> scopes, Access access)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        foreach (var scope in scopes)
        {
            if (Allows(scope, access))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a caller whose token has <paramref name="callerScopes"/> may issue a token with <paramref name="scope"/>:
    /// only when the caller's scopes already allow everything the new scope would.
    /// </summary>
    public static bool MayIssue(IReadOnlyList<string> callerScopes, string scope) =>
        Enum.GetValues<Access>().All(access => !Allows(scope, access) || Allow(callerScopes, access));

    private static bool Allows(string scope, Access access) => scope switch
    {
        Admin => true,
        Invoke => access is Access.Public or Access.Invoke,
        Manage => access is <= Access.Own or Access.Invoke,
        Write => access is <= Access.Edit or Access.Invoke,
        Read => access is <= Access.Read,
        _ => false,
    };
}
