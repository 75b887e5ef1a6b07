namespace Slipway.Pipelines.Specs;

/// <summary>One key of a built-in step's <c>with</c>: whether it must be given, what it means, and its default when it has one.</summary>
public sealed record BuiltInField(string Name, bool Required, string Description, string? Default = null)
{
    internal BuiltInValueKind Kind { get; init; } = BuiltInValueKind.Text;
}

/// <summary>How a built-in step's value is checked at parse time.</summary>
internal enum BuiltInValueKind
{
    Text,
    DatasetReference,
    RelativePath,
    ModelName,
    StepOutputOrRunArtifact,
    Step,
    Alias,
    Stage,
    Version,
    Boolean,
    Goal,
    NonNegativeNumber,
    ModelUri,
    DatasetName,
}
