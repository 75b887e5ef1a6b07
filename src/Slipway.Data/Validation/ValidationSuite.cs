namespace Slipway.Data.Validation;

/// <summary>
/// A named list of expectations about a dataset version's tables, written in YAML or JSON (docs/validation.md).
/// Parsing checks everything that can be checked without data (kinds, fields, types, regular expressions), so a
/// suite that parses fails only on what the data shows.
/// </summary>
public sealed class ValidationSuite
{
    internal ValidationSuite(string sourceName, string? name, string? table, IReadOnlyList<Expectation> expectations)
    {
        SourceName = sourceName;
        Name = name;
        Table = table;
        Expectations = expectations;
    }

    /// <summary>Where the suite came from (a file name), used in error messages.</summary>
    public string SourceName { get; }

    public string? Name { get; }

    /// <summary>The manifest path of the table expectations check unless they name their own; null for a version's only table.</summary>
    public string? Table { get; }

    public IReadOnlyList<Expectation> Expectations { get; }

    /// <summary>
    /// Reads a suite, throwing an invalid-parameter <see cref="Core.Errors.SlipwayException"/> whose message names the
    /// line and column of each problem (one line per faulty expectation).
    /// </summary>
    public static ValidationSuite Parse(string text, string sourceName) => SuiteParser.Parse(text, sourceName);
}
