using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Slipway.Core.Errors;

namespace Slipway.Core.Search;

/// <summary>
/// Opaque page tokens. They encode an offset into a stable ordering; clients treat them as opaque,
/// and a token that does not decode is rejected with INVALID_PARAMETER_VALUE.
/// </summary>
public static class PageToken
{
    private const string Prefix = "o:";

    public static string Encode(int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Returns 0 for a missing token.</summary>
    public static int DecodeOffset(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        throw SlipwayException.Invalid($"Invalid page token '{token}'.");
    }
}
