using System.Globalization;
using System.Text;

namespace Slipway.Core.Validation;

/// <summary>
/// MLflow's rules for metric, param and tag keys (<c>validate_param_and_metric_name</c> and <c>path_not_unique</c>):
/// letters, digits, underscores, dashes, periods, spaces, slashes and colons, and a name that does not change when
/// read as a POSIX path (no empty, "." or ".." segments, no leading slash). MLflow's file store keeps keys as file
/// names, which is where the path rule comes from; clients rely on it, so it stays.
/// </summary>
internal static class EntityKeyRules
{
    private const string BadCharacters =
        "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).";

    /// <summary>
    /// The common case without allocating: a key of ASCII letters, digits and <c>_ - . : space</c> in non-empty
    /// slash-separated segments other than "." and "..", not starting with "..", within the length limit. False
    /// means "not certainly valid": <see cref="Validate"/> then decides and builds the message.
    /// </summary>
    public static bool IsPlainValid(string? key, int maxLength)
    {
        if (key is null || key.Length == 0 || key.Length > maxLength || key.StartsWith("..", StringComparison.Ordinal))
        {
            return false;
        }

        var segmentStart = 0;
        for (var i = 0; i <= key.Length; i++)
        {
            var c = i < key.Length ? key[i] : '/';
            if (c == '/')
            {
                var length = i - segmentStart;
                if (length == 0 || (key[segmentStart] == '.' && (length == 1 || (length == 2 && key[segmentStart + 1] == '.'))))
                {
                    return false;
                }

                segmentStart = i + 1;
            }
            else if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '.' or ' ' or ':'))
            {
                return false;
            }
        }

        return true;
    }

    public static void Validate(string? key, string parameter, int maxLength)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw ValidationMessages.Missing(parameter);
        }

        foreach (var rune in key.EnumerateRunes())
        {
            if (!IsAllowed(rune))
            {
                throw ValidationMessages.InvalidValue(parameter, key, BadCharacters);
            }
        }

        var normalized = NormalizePosix(key);
        if (normalized != key || normalized == "." || normalized.StartsWith("..", StringComparison.Ordinal) || normalized.StartsWith('/'))
        {
            throw ValidationMessages.InvalidValue(
                parameter,
                key,
                "Names may be treated as files in certain cases, and must not resolve to other names when treated as such. "
                + $"This name would resolve to '{normalized}'.");
        }

        if (key.Length > maxLength)
        {
            throw ValidationMessages.TooLong(parameter, key, maxLength);
        }
    }

    /// <summary>Python's \w is Unicode-aware, so any letter or number counts, not just ASCII.</summary>
    private static bool IsAllowed(Rune rune) =>
        Rune.IsLetterOrDigit(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
        || rune.Value is '_' or '-' or '.' or ' ' or '/' or ':';

    /// <summary>posixpath.normpath: drops empty and "." segments and folds ".." where it can.</summary>
    private static string NormalizePosix(string path)
    {
        var absolute = path.StartsWith('/');
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == ".." && segments.Count > 0 && segments[^1] != "..")
            {
                segments.RemoveAt(segments.Count - 1);
            }
            else if (segment != ".." || !absolute)
            {
                segments.Add(segment);
            }
        }

        var joined = string.Join('/', segments);
        return absolute ? "/" + joined : joined.Length == 0 ? "." : joined;
    }
}
