using System.Security.Cryptography;
using System.Text;
using Slipway.Core.Security;

namespace Slipway.Server.Security;

/// <summary>
/// Whether this server enforces authentication (ADR 0007). Single-user mode (loopback, no users) lasts until the
/// first user exists. A one-time setup token, when issued at start, lets the first admin be created over HTTP; it
/// lives only in this process's memory and works once.
/// </summary>
public sealed class SecurityState
{
    private volatile bool _singleUser;
    private byte[]? _setupTokenHash;

    public SecurityState(bool singleUser, string? setupToken)
    {
        _singleUser = singleUser;
        _setupTokenHash = setupToken is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(setupToken));
    }

    public bool SingleUser => _singleUser;

    public bool AwaitingSetup => Volatile.Read(ref _setupTokenHash) is not null;

    public void EndSingleUser() => _singleUser = false;

    /// <summary>Consumes the setup token when <paramref name="token"/> matches it (compared in constant time).</summary>
    public bool TryConsumeSetupToken(string? token)
    {
        var expected = Volatile.Read(ref _setupTokenHash);
        if (expected is null || string.IsNullOrEmpty(token))
        {
            return false;
        }

        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return CryptographicOperations.FixedTimeEquals(expected, actual)
            && Interlocked.CompareExchange(ref _setupTokenHash, null, expected) == expected;
    }

    /// <summary>A new setup token: the API-token shape, so it is long, random and easy to recognise.</summary>
    public static string NewSetupToken() => "setup_" + ApiTokens.NewToken()[ApiTokens.Prefix.Length..];
}
