namespace Slipway.Data.Validation;

/// <summary>
/// How one kind of expectation is written: its fields (besides <c>severity</c> and <c>table</c>), the field its short
/// form sets (<c>unique: id</c>), an example for error messages, and its parser.
/// </summary>
internal sealed record ExpectationKind(string Name, IReadOnlyList<string> Fields, string? Shorthand, string Example, Func<YamlFields, Expectation> Parse);
