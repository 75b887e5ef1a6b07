using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Slipway.Core.Security;

/// <summary>
/// API tokens: <c>slw_</c> and 32 random bytes in base64url (256 bits), shown once at creation. The store keeps
/// only their SHA-256 and a short display prefix. A slow hash buys nothing against 256 random bits, and a fast one
/// keeps authenticating a request to a single indexed lookup (ADR 0007).
/// </summary>
public static class ApiTokens
{
    public const string Prefix = "slw_";

    private const int SecretBytes = 32;
    private const int DisplayLength = 12;

    private static readonly SearchValues<char> Base64UrlAlphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>The length of every token this version issues.</summary>
    public static int Length { get; } = Prefix.Length + Base64Url.GetEncodedLength(SecretBytes);

    public static string NewToken() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>Whether the text has a token's shape; anything else is refused before the store is asked.</summary>
    public static bool IsWellFormed(string? token) =>
        token is not null
        && token.Length == Length
        && token.StartsWith(Prefix, StringComparison.Ordinal)
        && !token.AsSpan(Prefix.Length).ContainsAnyExcept(Base64UrlAlphabet);

    /// <summary>What the store keeps and looks tokens up by.</summary>
    public static byte[] Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    /// <summary>The start of a token, enough for its owner to tell tokens apart in a listing and useless to anyone else.</summary>
    public static string DisplayPrefix(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token[..Math.Min(DisplayLength, token.Length)];
    }
}
