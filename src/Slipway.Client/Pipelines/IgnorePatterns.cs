using System.Text;
using System.Text.RegularExpressions;

namespace Slipway.Client.Pipelines;

/// <summary>
/// Gitignore-like patterns, one a line: <c>dir/</c> (a directory, anywhere), <c>*.ext</c> (a name, anywhere),
/// <c>path/file</c> or <c>/name</c> (from the root only), <c>**</c> across directories, <c>!pattern</c> to take a
/// path back in, <c>#</c> for comments. The last pattern that matches a path decides; a directory left out takes
/// everything below it along (so <c>!</c> cannot bring back a file inside it, as in git).
/// </summary>
internal sealed class IgnorePatterns
{
    /// <summary>The file in a pipeline's directory whose patterns its code snapshot leaves out.</summary>
    public const string FileName = ".slipwayignore";

    /// <summary>What a code snapshot always leaves out (unless a <c>!</c> pattern takes it back): version control, build output, caches, environments.</summary>
    public static readonly IReadOnlyList<string> CodeDefaults =
        [".git/", ".slipway/", "bin/", "obj/", "node_modules/", "__pycache__/", ".venv/", "*.pyc"];

    private readonly IReadOnlyList<Rule> _rules;

    private IgnorePatterns(IReadOnlyList<Rule> rules)
    {
        _rules = rules;
    }

    /// <summary>The patterns of <paramref name="lines"/>; blank lines and comments are skipped.</summary>
    public static IgnorePatterns Parse(IEnumerable<string> lines) =>
        new(lines.Select(ParseLine).OfType<Rule>().ToArray());

    /// <summary>The code snapshot's patterns for <paramref name="directory"/>: <see cref="CodeDefaults"/>, then its <c>.slipwayignore</c> if it has one.</summary>
    public static IgnorePatterns ForCodeSnapshot(string directory)
    {
        var file = Path.Combine(directory, FileName);
        return Parse(File.Exists(file) ? [.. CodeDefaults, .. File.ReadAllLines(file)] : CodeDefaults);
    }

    /// <summary>
    /// True when <paramref name="relativePath"/> ('/'-separated, relative to the root; a directory ends with '/') is
    /// left out.
    /// </summary>
    public bool IsExcluded(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var isDirectory = relativePath.EndsWith('/');
        var path = relativePath.TrimEnd('/');
        var name = path[(path.LastIndexOf('/') + 1)..];
        var excluded = false;
        foreach (var rule in _rules)
        {
            if ((!rule.DirectoryOnly || isDirectory) && rule.Pattern.IsMatch(rule.Anchored ? path : name))
            {
                excluded = !rule.Negated;
            }
        }

        return excluded;
    }

    private static Rule? ParseLine(string line)
    {
        var text = line.TrimEnd();
        if (text.Length == 0 || text[0] == '#')
        {
            return null;
        }

        var negated = text[0] == '!';
        if (negated)
        {
            text = text[1..];
        }

        var directoryOnly = text.EndsWith('/');
        text = text.TrimEnd('/');

        // A slash at the start or in the middle ties the pattern to the root; otherwise it matches a name at any depth.
        var anchored = text.Contains('/', StringComparison.Ordinal);
        text = text.TrimStart('/');
        return text.Length == 0 ? null : new Rule(new Regex(ToRegex(text), RegexOptions.CultureInvariant), anchored, directoryOnly, negated);
    }

    private static string ToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when At(glob, i, "**/") && (i == 0 || glob[i - 1] == '/'):
                    regex.Append("(?:.*/)?");
                    i += 2;
                    break;
                case '*' when At(glob, i, "**"):
                    regex.Append(".*");
                    i++;
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[' when ClosingBracket(glob, i) > 0:
                    var close = ClosingBracket(glob, i);
                    var set = glob[(i + 1)..close];
                    regex.Append('[').Append(set[0] == '!' ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = close;
                    break;
                case '\\' when i + 1 < glob.Length:
                    regex.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return regex.Append('$').ToString();
    }

    /// <summary>Where the set opened at <paramref name="open"/> closes (it holds at least one character), or -1: a lone '[' is literal.</summary>
    private static int ClosingBracket(string glob, int open)
    {
        var first = open + 1 < glob.Length && glob[open + 1] == '!' ? open + 3 : open + 2;
        return first < glob.Length ? glob.IndexOf(']', first) : -1;
    }

    private static bool At(string text, int index, string expected) =>
        string.CompareOrdinal(text, index, expected, 0, expected.Length) == 0;

    private sealed record Rule(Regex Pattern, bool Anchored, bool DirectoryOnly, bool Negated);
}
