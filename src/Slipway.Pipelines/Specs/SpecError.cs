namespace Slipway.Pipelines.Specs;

/// <summary>
/// One problem found in a pipeline file: where (<see cref="Location"/>), in which field (a path such as
/// <c>steps.train.resources.gpu</c>; empty for a YAML syntax error) and what is wrong.
/// </summary>
public sealed record SpecError(SourceLocation Location, string Field, string Message)
{
    /// <summary>The error as one line: <c>slipway.yaml:12:5: steps.train.resources.gpu: expected a whole number, got 'one'</c>.</summary>
    public string Format(string fileName) =>
        Field.Length == 0 ? $"{fileName}:{Location}: {Message}" : $"{fileName}:{Location}: {Field}: {Message}";
}
