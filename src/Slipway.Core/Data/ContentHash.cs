using System.Buffers;
using System.Security.Cryptography;

namespace Slipway.Core.Data;

/// <summary>
/// The SHA-256 of a file's bytes, as 64 lower-case hex digits: the name a blob is stored under, so equal contents are
/// stored once. SHA-256 is what every client already has, and the CPU's SHA extensions make it fast.
/// </summary>
public readonly record struct ContentHash
{
    public const int HexLength = 64;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");

    private ContentHash(string hex)
    {
        Hex = hex;
    }

    public string Hex { get; }

    public static bool TryParse(string? text, out ContentHash hash)
    {
        hash = default;
        if (text is not { Length: HexLength } || text.AsSpan().ContainsAnyExcept(HexDigits))
        {
            return false;
        }

        hash = new ContentHash(text);
        return true;
    }

    public static ContentHash Parse(string? text) =>
        TryParse(text, out var hash)
            ? hash
            : throw Errors.SlipwayException.Invalid($"Invalid content hash '{text}': expected {HexLength} lower-case hex digits (SHA-256).");

    public static ContentHash FromBytes(ReadOnlySpan<byte> sha256) =>
        sha256.Length == SHA256.HashSizeInBytes
            ? new ContentHash(Convert.ToHexStringLower(sha256))
            : throw new ArgumentException($"A SHA-256 has {SHA256.HashSizeInBytes} bytes, not {sha256.Length}.", nameof(sha256));

    public static ContentHash Of(ReadOnlySpan<byte> content) => FromBytes(SHA256.HashData(content));

    public static async Task<ContentHash> OfAsync(Stream content, CancellationToken cancellationToken = default) =>
        FromBytes(await SHA256.HashDataAsync(content, cancellationToken));

    public override string ToString() => Hex ?? string.Empty;
}
