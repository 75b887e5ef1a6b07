using System.Buffers;
using System.Globalization;
using Slipway.Core.Artifacts;
using Slipway.Core.Errors;

namespace Slipway.Core.Data;

/// <summary>
/// A reference to a dataset version, or to one file in it, as written everywhere (CLI, pipelines, run inputs):
/// <c>data:&lt;name&gt;@&lt;version|tag&gt;</c> and <c>data:&lt;name&gt;@&lt;version&gt;/&lt;path&gt;</c>. Without <c>@</c> it means the
/// <c>latest</c> tag. Exactly one of <see cref="Version"/> and <see cref="Tag"/> is set; <see cref="Path"/> is ""
/// for the whole version and otherwise a clean relative path (<see cref="ArtifactPath.Normalize"/>).
/// </summary>
public sealed record DatasetReference(string Name, long? Version, string? Tag, string Path)
{
    public const string Scheme = "data:";
    public const string LatestTag = "latest";

    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    /// <summary>Parses <c>data:name@3/path</c>; the <c>data:</c> prefix may be left out where only datasets are meant (<c>name@3</c>).</summary>
    public static DatasetReference Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Invalid(text, "it is empty");
        }

        var rest = text.StartsWith(Scheme, StringComparison.Ordinal) ? text[Scheme.Length..] : text;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? rest : rest[..at];
        if (at < 0 && name.Contains('/', StringComparison.Ordinal))
        {
            throw Invalid(text, "a file path needs a version or tag first (name@version/path)");
        }

        ValidateName(name, text);
        if (at < 0)
        {
            return new DatasetReference(name, null, LatestTag, string.Empty);
        }

        var selector = rest[(at + 1)..];
        var slash = selector.IndexOf('/', StringComparison.Ordinal);
        var which = slash < 0 ? selector : selector[..slash];
        var path = slash < 0 ? string.Empty : ArtifactPath.Normalize(selector[(slash + 1)..]);
        if (which.Length == 0)
        {
            throw Invalid(text, "nothing follows '@': give a version number or a tag");
        }

        if (char.IsAsciiDigit(which[0]))
        {
            if (!long.TryParse(which, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            {
                throw Invalid(text, $"'{which}' is not a version number (1, 2, 3 ...)");
            }

            return new DatasetReference(name, version, null, path);
        }

        ValidateTag(which, text);
        return new DatasetReference(name, null, which, path);
    }

    /// <summary>1 to 128 letters, digits, '.', '_' and '-', starting with a letter or digit.</summary>
    public static void ValidateName(string? name, string? context = null)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 128 || !char.IsAsciiLetterOrDigit(name[0]) || name.AsSpan().ContainsAnyExcept(NameCharacters))
        {
            throw Invalid(context ?? name, $"the dataset name '{name}' must be 1 to 128 letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
    }

    /// <summary>A tag is a name that does not start with a digit, so it never reads as a version.</summary>
    public static void ValidateTag(string? tag, string? context = null)
    {
        if (string.IsNullOrEmpty(tag) || tag.Length > 64 || !char.IsAsciiLetter(tag[0]) || tag.AsSpan().ContainsAnyExcept(NameCharacters))
        {
            throw Invalid(context ?? tag, $"the tag '{tag}' must be 1 to 64 letters, digits, '.', '_' and '-', starting with a letter");
        }
    }

    public override string ToString()
    {
        var selector = Version is { } version ? version.ToString(CultureInfo.InvariantCulture) : Tag;
        return Path.Length == 0 ? $"{Scheme}{Name}@{selector}" : $"{Scheme}{Name}@{selector}/{Path}";
    }

    private static SlipwayException Invalid(string? text, string why) =>
        SlipwayException.Invalid($"Invalid dataset reference '{text}': {why}. Expected data:<name>@<version|tag>[/<path>].");
}
