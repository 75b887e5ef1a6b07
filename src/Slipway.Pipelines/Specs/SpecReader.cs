using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Slipway.Pipelines.Specs;

/// <summary>
/// One parse of a pipeline file. Problems are collected rather than thrown, so that one pass reports them all;
/// what a faulty field would have held is replaced by its default so later checks can go on.
/// </summary>
internal sealed partial class SpecReader(string fileName)
{
    private readonly List<SpecError> _errors = [];
    private int _omitted;

    /// <summary>A key of a mapping with its value.</summary>
    private sealed record Entry(string Key, YamlScalarNode KeyNode, YamlNode Value, string Field);

    /// <summary>Errors past this many are only counted (a file with that many is not a pipeline file at all).</summary>
    private const int MaxCollected = 1000;

    /// <summary>The errors found, the first <see cref="PipelineSpecException.MaxErrors"/> in file order, the rest counted.</summary>
    private PipelineSpecException Failure()
    {
        var sorted = _errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList();
        var shown = sorted.Take(PipelineSpecException.MaxErrors).ToList();
        return new PipelineSpecException(fileName, shown, sorted.Count - shown.Count + _omitted);
    }

    private void Error(Mark mark, string field, string message) =>
        Error(new SourceLocation(checked((int)mark.Line), checked((int)mark.Column)), field, message);

    private void Error(SourceLocation location, string field, string message)
    {
        if (_errors.Count >= MaxCollected)
        {
            _omitted++;
            return;
        }

        if (!_errors.Exists(e => e.Location == location && e.Field == field && e.Message == message))
        {
            _errors.Add(new SpecError(location, field, message));
        }
    }

    private void Error(YamlNode node, string field, string message) => Error(node.Start, field, message);

    private static SourceLocation Location(YamlNode node) => new(checked((int)node.Start.Line), checked((int)node.Start.Column));

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>
    /// Loads the single YAML document of the file. Syntax errors and duplicate keys (which YAML forbids, and which
    /// would silently drop a value) are reported with their positions and end the parse.
    /// </summary>
    private YamlMappingNode Load(string yaml)
    {
        FindDuplicateKeys(yaml);
        if (_errors.Count > 0)
        {
            throw Failure();
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            Error(e.Start, string.Empty, Reason(e));
            throw Failure();
        }

        if (stream.Documents.Count == 0)
        {
            Error(new Mark(0, 1, 1), string.Empty, "the file is empty: a pipeline needs at least 'name' and 'steps'");
            throw Failure();
        }

        if (stream.Documents.Count > 1)
        {
            Error(stream.Documents[1].RootNode, string.Empty, "a pipeline file holds one YAML document; remove the '---' and what follows");
            throw Failure();
        }

        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode mapping)
        {
            Error(root, string.Empty, $"expected a mapping with 'name' and 'steps', got {Got(root)}");
            throw Failure();
        }

        return mapping;
    }

    /// <summary>Walks the file's events (which keep every key's position) for syntax errors and keys given twice in one mapping.</summary>
    private void FindDuplicateKeys(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var frames = new Stack<Frame>();
        var last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                last = current.Start;
                if (current is Scalar or AnchorAlias or MappingStart or SequenceStart && frames.TryPeek(out var frame) && frame.Keys is not null)
                {
                    if (frame.ExpectKey && current is Scalar { Value: var key })
                    {
                        if (frame.Keys.TryGetValue(key, out var first))
                        {
                            Error(current.Start, string.Empty, $"duplicate key '{key}' (first given at {first.Line}:{first.Column})");
                        }
                        else
                        {
                            frame.Keys[key] = current.Start;
                        }
                    }

                    frame.ExpectKey = !frame.ExpectKey;
                }

                switch (current)
                {
                    case MappingStart:
                        frames.Push(new Frame(new Dictionary<string, Mark>(StringComparer.Ordinal)));
                        break;
                    case SequenceStart:
                        frames.Push(new Frame(null));
                        break;
                    case MappingEnd or SequenceEnd:
                        frames.Pop();
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            Error(e.Start, string.Empty, Reason(e));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some unclosed flow collections.
            Error(last, string.Empty, "invalid YAML after this point (an unclosed '[', '{' or quote?)");
        }
    }

    /// <summary>YamlDotNet's message without the position it prepends, since the error names the position already.</summary>
    private static string Reason(YamlException e)
    {
        var message = e.Message;
        var end = message.LastIndexOf("): ", StringComparison.Ordinal);
        var reason = end < 0 ? message : message[(end + 3)..];
        return $"invalid YAML: {reason.TrimEnd('.')}";
    }

    /// <summary>
    /// The keys of a mapping, in file order. Keys outside <paramref name="allowed"/> are reported, with a suggestion
    /// when one of the allowed keys is close; keys that are not plain names are reported too.
    /// </summary>
    private List<Entry> Entries(YamlMappingNode mapping, string path, IReadOnlyList<string>? allowed)
    {
        var entries = new List<Entry>(mapping.Children.Count);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key } scalar || IsNull(keyNode))
            {
                Error(keyNode, path, $"expected a name as key, got {Got(keyNode)}");
                continue;
            }

            if (allowed is not null && !allowed.Contains(key, StringComparer.Ordinal))
            {
                var suggestion = Suggestions.Closest(key, allowed);
                Error(keyNode, Join(path, key), suggestion is not null
                    ? $"unknown key '{key}'; did you mean '{suggestion}'?"
                    : $"unknown key '{key}' (expected {string.Join(", ", allowed)})");
                continue;
            }

            entries.Add(new Entry(key, scalar, value, Join(path, key)));
        }

        return entries;
    }

    /// <summary>YAML's null: an empty value, <c>~</c> or <c>null</c> unquoted.</summary>
    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>How a value reads in "got ..." messages.</summary>
    private static string Got(YamlNode node) => node switch
    {
        _ when IsNull(node) => "nothing",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    private YamlMappingNode? Mapping(YamlNode node, string field, string example)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        Error(node, field, $"expected a mapping such as {example}, got {Got(node)}");
        return null;
    }

    /// <summary>A single value (not null); otherwise reported with what was expected.</summary>
    private string? Text(YamlNode node, string field, string expected = "a value")
    {
        if (node is YamlScalarNode scalar && !IsNull(node))
        {
            return scalar.Value ?? string.Empty;
        }

        Error(node, field, $"expected {expected}, got {Got(node)}");
        return null;
    }

    /// <summary>A value that is not empty or blank.</summary>
    private string? NonEmptyText(YamlNode node, string field, string expected)
    {
        var text = Text(node, field, expected);
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            Error(node, field, $"expected {expected}, got an empty text");
            return null;
        }

        return text;
    }

    private long? WholeNumber(YamlNode node, string field, long min, long max = int.MaxValue)
    {
        var text = Text(node, field, "a whole number");
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(node, field, $"expected a whole number, got '{text}'");
            return null;
        }

        if (value < min || value > max)
        {
            Error(node, field, max == int.MaxValue
                ? $"expected a whole number of {min} or more, got '{text}'"
                : $"expected a whole number from {min} to {max}, got '{text}'");
            return null;
        }

        return value;
    }

    private double? Number(YamlNode node, string field)
    {
        var text = Text(node, field, "a number");
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(node, field, $"expected a number, got '{text}'");
            return null;
        }

        return value;
    }

    private bool? Boolean(YamlNode node, string field)
    {
        var text = Text(node, field, "true or false");
        if (text is null)
        {
            return null;
        }

        if (ParamValues.TryCanonicalize(ParamType.Boolean, text, out var canonical))
        {
            return canonical == "true";
        }

        Error(node, field, $"expected true or false, got '{text}'");
        return null;
    }

    private TimeSpan? Duration(YamlNode node, string field)
    {
        var text = Text(node, field, $"a duration such as {SpecUnits.DurationExamples}");
        if (text is null)
        {
            return null;
        }

        if (!SpecUnits.TryParseDuration(text, out var value))
        {
            Error(node, field, $"expected a duration such as {SpecUnits.DurationExamples}, got '{text}'");
            return null;
        }

        return value;
    }

    /// <summary>One of <paramref name="choices"/>, reported with a suggestion otherwise.</summary>
    private string? Choice(YamlNode node, string field, IReadOnlyList<string> choices)
    {
        var text = Text(node, field, $"one of {string.Join(", ", choices)}");
        if (text is null || choices.Contains(text, StringComparer.Ordinal))
        {
            return text;
        }

        Error(node, field, $"expected one of {string.Join(", ", choices)}, got '{text}'{Suggestions.DidYouMean(text, choices)}");
        return null;
    }

    /// <summary>A list of single values, or one value standing for a list of one.</summary>
    private List<(string Text, YamlNode Node)> TextList(YamlNode node, string field, string expected)
    {
        var items = new List<(string, YamlNode)>();
        if (IsNull(node))
        {
            return items;
        }

        IEnumerable<YamlNode> nodes = node is YamlSequenceNode sequence ? sequence.Children : [node];
        foreach (var item in nodes)
        {
            if (NonEmptyText(item, field, expected) is { } text)
            {
                items.Add((text, item));
            }
        }

        return items;
    }

    /// <summary>A mapping frame (with the keys seen so far) or a sequence frame (no keys) of <see cref="FindDuplicateKeys"/>.</summary>
    private sealed class Frame(Dictionary<string, Mark>? keys)
    {
        public Dictionary<string, Mark>? Keys { get; } = keys;

        public bool ExpectKey { get; set; } = true;
    }
}
