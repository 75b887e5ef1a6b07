using System.Text;
using Slipway.Core.Errors;

namespace Slipway.Core.Artifacts;

/// <summary>
/// The one gate every artifact path passes before it reaches a storage medium. A valid path is relative, uses '/'
/// between segments and cannot name anything above the store root however a storage medium reads it.
/// </summary>
/// <remarks>
/// <para>Rejected, with INVALID_PARAMETER_VALUE "Invalid artifact path '...': why":</para>
/// <list type="bullet">
/// <item>any <c>..</c> segment, and any segment made only of dots (Windows trims trailing dots, so <c>...</c> can act as <c>..</c>);</item>
/// <item>absolute paths: a leading '/', a drive letter (<c>C:</c>), and a leading '~', which shells and some
/// SDKs expand to a home directory;</item>
/// <item>backslashes, which Windows treats as separators;</item>
/// <item>NUL and other control characters;</item>
/// <item>percent-encoded dots, slashes, backslashes, percent signs that hide one of those (<c>%252e</c>) and control
/// characters, in any letter case and at any depth of encoding. The server decodes the URL once before calling
/// <see cref="Normalize"/>, so an encoding that is still there was put there to get past a check.</item>
/// </list>
/// <para>Collapsed rather than rejected, because they cannot escape: empty segments (<c>a//b</c>, a trailing '/')
/// and <c>.</c> segments. Other percent signs (<c>100%.txt</c>, <c>a%20b</c>) are literal characters.</para>
/// </remarks>
public static class ArtifactPath
{
    /// <summary>How many layers of percent-encoding are peeled off looking for a hidden separator.</summary>
    private const int MaxDecodingDepth = 8;

    /// <summary>
    /// Returns <paramref name="path"/> as a clean relative path with '/' separators, or "" for the root
    /// (null, empty, or only '.' and empty segments).
    /// </summary>
    /// <exception cref="SlipwayException">INVALID_PARAMETER_VALUE when the path could reach outside the root.</exception>
    public static string Normalize(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return string.Empty;
        }

        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                throw Invalid(path, "control characters are not allowed");
            }

            if (c == '\\')
            {
                throw Invalid(path, "backslashes are not allowed; use '/' between segments");
            }
        }

        RejectEncodedSeparators(path);

        if (path[0] == '/')
        {
            throw Invalid(path, "absolute paths are not allowed");
        }

        if (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':')
        {
            throw Invalid(path, "drive letters are not allowed");
        }

        if (path[0] == '~')
        {
            throw Invalid(path, "a leading '~' (home directory) is not allowed");
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment.All(c => c == '.'))
            {
                throw Invalid(path, $"'{segment}' segments are not allowed");
            }

            segments.Add(segment);
        }

        return string.Join('/', segments);
    }

    /// <summary>
    /// Joins path parts with '/' and normalizes the result; each part is validated on its own first, so a part
    /// cannot smuggle in an absolute path or a traversal that only appears after joining. Null or empty parts are skipped.
    /// </summary>
    public static string Combine(params string?[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var normalized = parts.Select(Normalize).Where(p => p.Length > 0);
        return Normalize(string.Join('/', normalized));
    }

    /// <summary>
    /// Peels percent-encoding one layer at a time and rejects the path if any layer reveals an encoded '.', '/',
    /// '\' or control character. Peeling layer by layer catches <c>%252e%252e</c>, which is harmless-looking
    /// after one decode (<c>%2e%2e</c>) and a traversal after two.
    /// </summary>
    private static void RejectEncodedSeparators(string path)
    {
        var current = path;
        for (var depth = 0; depth < MaxDecodingDepth && current.Contains('%', StringComparison.Ordinal); depth++)
        {
            for (var i = current.IndexOf('%', StringComparison.Ordinal); i >= 0 && i + 2 < current.Length; i = current.IndexOf('%', i + 1))
            {
                if (TryDecodeHexByte(current[i + 1], current[i + 2], out var value)
                    && value is (byte)'.' or (byte)'/' or (byte)'\\' or < 0x20 or 0x7F)
                {
                    throw Invalid(path, $"percent-encoded '{current.Substring(i, 3)}' is not allowed");
                }
            }

            var decoded = DecodeOnce(current);
            if (decoded == current)
            {
                return;
            }

            current = decoded;
        }

        if (current.Contains('%', StringComparison.Ordinal) && DecodeOnce(current) != current)
        {
            throw Invalid(path, "too many layers of percent-encoding");
        }
    }

    /// <summary>One layer of percent-decoding as a URL decoder does it: runs of escapes become UTF-8 text.</summary>
    private static string DecodeOnce(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pending = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && TryDecodeHexByte(text[i + 1], text[i + 2], out var value))
            {
                pending.Add(value);
                i += 2;
                continue;
            }

            Flush();
            builder.Append(text[i]);
        }

        Flush();
        return builder.ToString();

        void Flush()
        {
            if (pending.Count > 0)
            {
                builder.Append(Encoding.UTF8.GetString([.. pending]));
                pending.Clear();
            }
        }
    }

    private static bool TryDecodeHexByte(char high, char low, out byte value)
    {
        var h = HexValue(high);
        var l = HexValue(low);
        value = (byte)((h << 4) | l);
        return h >= 0 && l >= 0;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static SlipwayException Invalid(string path, string why) =>
        SlipwayException.Invalid($"Invalid artifact path '{path}': {why}.");
}
