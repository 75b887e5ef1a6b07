namespace Slipway.Core.Pipelines;

/// <summary>
/// A registered pipeline: its name and the spec (YAML text) last applied, whose triggers are the active ones. Times
/// are milliseconds since the Unix epoch. <see cref="Code"/> is the dataset version with the pipeline directory's files
/// its scheduled and triggered runs use.
/// </summary>
public sealed record PipelineDefinition(
    string Name,
    string Spec,
    string? Creator,
    long CreationTime,
    long LastUpdatedTime,
    string? Code = null);
