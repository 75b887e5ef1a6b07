using System.Text;
using Slipway.Core.Errors;

namespace Slipway.Pipelines.Specs;

/// <summary>
/// Text with <c>${{ reference }}</c> templates, such as <c>python train.py --lr ${{ params.lr }}</c>. A template holds
/// one reference (<see cref="ReferencePath.TemplateForms"/>), with any whitespace around it; there are no expressions
/// and no escapes.
/// </summary>
public static class Template
{
    private const string Open = "${{";
    private const string Close = "}}";

    /// <summary>True when <paramref name="text"/> holds a <c>${{</c>.</summary>
    public static bool HasTemplates(string? text) => text is not null && text.Contains(Open, StringComparison.Ordinal);

    /// <summary>Substitutes every template with the text <paramref name="lookup"/> gives for its reference; a reference it has no value for (null) is an error naming it.</summary>
    public static string Render(string text, Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(lookup);
        var parts = Scan(text);
        if (parts.Count == 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var at = 0;
        foreach (var part in parts)
        {
            result.Append(text, at, part.Start - at);
            var value = lookup(part.Reference.Text)
                ?? throw SlipwayException.Invalid($"template '{part.Reference.Text}' has no value (in '{Shorten(text)}')");
            result.Append(value);
            at = part.Start + part.Length;
        }

        result.Append(text, at, text.Length - at);
        return result.ToString();
    }

    /// <summary>The references of every template in <paramref name="text"/>, each once, in order of appearance; a malformed template is an error naming its position.</summary>
    public static IReadOnlyList<string> References(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Scan(text).Select(p => p.Reference.Text).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Every template of <paramref name="text"/> with its span (the whole <c>${{ ... }}</c>); the first malformed one throws.</summary>
    internal static IReadOnlyList<TemplatePart> Scan(string text) => Scan(text, null);

    /// <summary>
    /// Every well-formed template of <paramref name="text"/>. With <paramref name="problems"/>, malformed templates
    /// are added to it (their 0-based position and a message) and skipped; without, the first one throws.
    /// </summary>
    internal static IReadOnlyList<TemplatePart> Scan(string text, List<(int Position, string Message)>? problems)
    {
        var parts = new List<TemplatePart>();
        var at = 0;
        while (true)
        {
            var start = text.IndexOf(Open, at, StringComparison.Ordinal);
            if (start < 0)
            {
                return parts;
            }

            var end = text.IndexOf(Close, start + Open.Length, StringComparison.Ordinal);
            if (end < 0)
            {
                Problem(start, $"unclosed '{Open}' at character {start + 1}: close it with '{Close}'");
                return parts;
            }

            at = end + Close.Length;
            var inner = text[(start + Open.Length)..end].Trim();
            if (inner.Length == 0)
            {
                Problem(start, $"empty template at character {start + 1}: expected a reference such as ${{{{ params.lr }}}}");
                continue;
            }

            if (!ReferencePath.TryParse(inner, out var reference) || !reference.IsTemplateReference)
            {
                var hint = ReferencePath.Hint(inner);
                Problem(start, $"'{inner}' at character {start + 1} is not something a template can refer to ({hint ?? $"expected {ReferencePath.TemplateForms}"})");
                continue;
            }

            parts.Add(new TemplatePart(reference, start, end + Close.Length - start));
        }

        void Problem(int position, string message)
        {
            if (problems is null)
            {
                throw SlipwayException.Invalid(message);
            }

            problems.Add((position, message));
        }
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 80 ? line : line[..77] + "...";
    }
}

/// <summary>One <c>${{ reference }}</c> in a text: its reference and where it stands (0-based start, length).</summary>
internal sealed record TemplatePart(ReferencePath Reference, int Start, int Length);
