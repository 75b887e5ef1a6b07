using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Slipway.Core.Security;

/// <summary>
/// Password hashes with Argon2id (memory-hard), stored in the PHC string format
/// <c>$argon2id$v=19$m=19456,t=2,p=1$SALT$HASH</c> (salt and hash in unpadded base64), so the parameters travel
/// with each hash and can be raised later without invalidating stored ones.
/// </summary>
public static class PasswordHasher
{
    /// <summary>OWASP's recommended minimum for Argon2id: 19 MiB, 2 passes, 1 lane.</summary>
    public static Argon2Parameters Default { get; } = new(MemoryKiB: 19_456, Iterations: 2, Parallelism: 1);

    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const int Version = 0x13;

    public static string Hash(string password) => Hash(password, Default);

    public static string Hash(string password, Argon2Parameters parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentNullException.ThrowIfNull(parameters);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Compute(password, salt, parameters, HashBytes);
        return $"$argon2id$v={Version}$m={parameters.MemoryKiB},t={parameters.Iterations},p={parameters.Parallelism}${Base64(salt)}${Base64(hash)}";
    }

    /// <summary>Whether <paramref name="password"/> matches the stored hash; false (never an exception) for an empty password or a damaged or foreign hash.</summary>
    public static bool Verify(string password, string stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (password.Length == 0 || !TryParse(stored, out var parameters, out var salt, out var expected))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Compute(password, salt, parameters, expected.Length), expected);
    }

    /// <summary>Whether a stored hash was made with weaker parameters than <see cref="Default"/> (rehash it at the next login).</summary>
    public static bool NeedsRehash(string stored) =>
        !TryParse(stored, out var parameters, out _, out _)
        || parameters.MemoryKiB < Default.MemoryKiB
        || parameters.Iterations < Default.Iterations;

    private static byte[] Compute(string password, byte[] salt, Argon2Parameters parameters, int length)
    {
        using var argon2 = new Argon2id(Encoding.UTF8.GetBytes(password))
        {
            Salt = salt,
            MemorySize = parameters.MemoryKiB,
            Iterations = parameters.Iterations,
            DegreeOfParallelism = parameters.Parallelism,
        };
        return argon2.GetBytes(length);
    }

    private static bool TryParse(string? stored, out Argon2Parameters parameters, out byte[] salt, out byte[] hash)
    {
        parameters = Default;
        salt = [];
        hash = [];

        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        var parts = stored?.Split('$');
        if (parts is not { Length: 6 } || parts[0].Length != 0 || parts[1] != "argon2id" || parts[2] != $"v={Version}")
        {
            return false;
        }

        var settings = parts[3].Split(',');
        if (settings.Length != 3
            || !TryReadSetting(settings[0], "m=", 8, 4_194_304, out var memory)
            || !TryReadSetting(settings[1], "t=", 1, 100, out var iterations)
            || !TryReadSetting(settings[2], "p=", 1, 64, out var parallelism)
            || memory < 8 * parallelism
            || !TryDecode(parts[4], out salt)
            || !TryDecode(parts[5], out hash)
            || salt.Length < 8
            || hash.Length < 16)
        {
            return false;
        }

        parameters = new Argon2Parameters(memory, iterations, parallelism);
        return true;
    }

    private static bool TryReadSetting(string setting, string prefix, int min, int max, out int value)
    {
        value = 0;
        return setting.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(setting.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value)
            && value >= min
            && value <= max;
    }

    private static string Base64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        bytes = new byte[padded.Length];
        if (Convert.TryFromBase64String(padded, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        bytes = [];
        return false;
    }
}
