using Slipway.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Slipway.Data.Validation;

/// <summary>
/// Reads a suite from YAML (JSON being YAML) through YamlDotNet's node model, which keeps every node's position.
/// Each faulty expectation is reported, not only the first, so one round of fixes is usually enough.
/// </summary>
internal static class SuiteParser
{
    private static readonly string[] CommonFields = ["severity", "table"];

    private static readonly ExpectationKind[] Kinds =
    [
        new(RowCountExpectation.Name, ["min", "max"], null, "{min: 1000, max: 2000000}", RowCountExpectation.Parse),
        new(ColumnExistsExpectation.Name, ["column"], "column", "customer_id", ColumnExistsExpectation.Parse),
        new(ColumnTypeExpectation.Name, ["column", "type"], null, "{column: age, type: integer}", ColumnTypeExpectation.Parse),
        new(NotNullExpectation.Name, ["column", "min_ratio"], "column", "{column: email, min_ratio: 0.95}", NotNullExpectation.Parse),
        new(RangeExpectation.Name, ["column", "min", "max"], null, "{column: age, min: 0, max: 120}", RangeExpectation.Parse),
        new(AllowedValuesExpectation.Name, ["column", "values"], null, "{column: plan, values: [free, pro]}", AllowedValuesExpectation.Parse),
        new(RegexExpectation.Name, ["column", "pattern"], null, "{column: email, pattern: '[^@]+@[^@]+'}", RegexExpectation.Parse),
        new(UniqueExpectation.Name, ["column"], "column", "customer_id", UniqueExpectation.Parse),
        new(SchemaMatchesExpectation.Name, ["version", "ordered"], "version", "{version: 2}", SchemaMatchesExpectation.Parse),
    ];

    private static readonly string KindNames = string.Join(", ", Kinds.Select(k => k.Name));

    public static ValidationSuite Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw SuiteErrors.At(sourceName, e.Start, Reason(e));
        }

        if (stream.Documents.Count == 0)
        {
            throw SlipwayException.Invalid($"{sourceName} is empty; a suite needs 'expectations'.");
        }

        if (stream.Documents.Count > 1)
        {
            throw SuiteErrors.At(sourceName, stream.Documents[1].RootNode.Start, "a suite is one YAML or JSON document, not several");
        }

        var root = stream.Documents[0].RootNode as YamlMappingNode
            ?? throw SuiteErrors.At(sourceName, stream.Documents[0].RootNode.Start, "a suite is a mapping with 'expectations' (and optionally 'name' and 'table')");
        var suite = YamlFields.Of(sourceName, "the suite", root, ["name", "table", "expectations"]);
        var list = suite.OptionalSequence("expectations");
        if (list is null || list.Children.Count == 0)
        {
            throw suite.Error("expectations", "a suite needs 'expectations', a list such as [{column_exists: customer_id}]");
        }

        var expectations = new List<Expectation>(list.Children.Count);
        var errors = new List<string>();
        foreach (var item in list.Children)
        {
            try
            {
                expectations.Add(ParseExpectation(sourceName, item));
            }
            catch (SlipwayException e)
            {
                errors.Add(e.Message);
            }
        }

        if (errors.Count > 0)
        {
            throw SlipwayException.Invalid(string.Join('\n', errors));
        }

        return new ValidationSuite(sourceName, suite.OptionalText("name"), suite.OptionalText("table"), expectations);
    }

    /// <summary>One list item: a mapping of one kind to its fields, such as <c>not_null: {column: email}</c>.</summary>
    private static Expectation ParseExpectation(string source, YamlNode node)
    {
        if (node is not YamlMappingNode { Children.Count: > 0 } mapping)
        {
            throw SuiteErrors.At(source, node.Start, "each expectation is a mapping of its kind to its fields, such as 'column_exists: customer_id'");
        }

        var (kindNode, body) = mapping.Children.First();
        var kind = Kinds.FirstOrDefault(k => kindNode is YamlScalarNode { Value: { } name } && string.Equals(k.Name, name, StringComparison.Ordinal))
            ?? throw SuiteErrors.At(source, kindNode.Start, $"unknown expectation '{kindNode}' (expected one of {KindNames})");
        if (mapping.Children.Count > 1)
        {
            // Usually a field indented as a sibling of the kind rather than inside its mapping.
            var extra = mapping.Children.Keys.ElementAt(1);
            throw SuiteErrors.At(source, extra.Start, $"'{extra}' is outside {kind.Name}: an expectation has one kind, with every field inside its mapping, such as '{kind.Name}: {{..., {extra}: ...}}'");
        }

        var fields = body switch
        {
            YamlMappingNode fieldMapping => YamlFields.Of(source, kind.Name, fieldMapping, [.. kind.Fields, .. CommonFields]),
            YamlScalarNode value when kind.Shorthand is not null => YamlFields.Shorthand(source, kind.Name, kind.Shorthand, value),
            _ => throw SuiteErrors.At(source, body.Start, $"{kind.Name} takes {(kind.Shorthand is null ? "" : $"a {kind.Shorthand} or ")}a mapping of its fields, such as '{kind.Name}: {kind.Example}'"),
        };
        var expectation = kind.Parse(fields);
        expectation.Severity = fields.Severity();
        expectation.Table = fields.OptionalText("table");
        expectation.Line = checked((int)mapping.Start.Line);
        return expectation;
    }

    /// <summary>YamlDotNet's message without the positions it prepends, since the error names the position already.</summary>
    private static string Reason(YamlException e)
    {
        var message = e.Message;
        var end = message.LastIndexOf("): ", StringComparison.Ordinal);
        return end < 0 ? message : message[(end + 3)..];
    }
}
