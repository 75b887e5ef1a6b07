using System.Buffers;
using Slipway.Core.Errors;

namespace Slipway.Core.Security;

/// <summary>
/// What a user name may be: 1 to 64 characters of letters, digits and <c>. _ - @ +</c>. No colon (HTTP Basic
/// splits on it), no spaces or control characters (they hide in logs and audit entries).
/// </summary>
public static class UserNames
{
    public const int MaxLength = 64;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@+");

    public static void Validate(string? name, string field = "username")
    {
        if (string.IsNullOrEmpty(name))
        {
            throw SlipwayException.Invalid($"Missing value for parameter '{field}'.");
        }

        if (name.Length > MaxLength)
        {
            throw SlipwayException.Invalid($"Invalid value for parameter '{field}': a user name has at most {MaxLength} characters.");
        }

        var bad = name.AsSpan().IndexOfAnyExcept(Allowed);
        if (bad >= 0)
        {
            throw SlipwayException.Invalid(
                $"Invalid value for parameter '{field}': '{Printable(name[bad])}' is not allowed in a user name (letters, digits and . _ - @ + only).");
        }
    }

    private static string Printable(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"\\u{(int)c:x4}" : c.ToString();
}
