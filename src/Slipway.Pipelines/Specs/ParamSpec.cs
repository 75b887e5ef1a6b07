namespace Slipway.Pipelines.Specs;

/// <summary>
/// A declared parameter. <see cref="Default"/> is the canonical text of the default value (null: the parameter is
/// required at launch); <see cref="Choices"/>, when set, lists the allowed values.
/// </summary>
public sealed record ParamSpec(
    string Name,
    ParamType Type,
    string? Default,
    string? Description,
    IReadOnlyList<string>? Choices,
    SourceLocation Location);
