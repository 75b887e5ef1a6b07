namespace Slipway.Client.Pipelines;

/// <summary>
/// A registered pipeline: the spec last applied (whose triggers are the active ones) and its code snapshot (such as
/// <c>data:code.churn@3</c>). <see cref="Spec"/> and <see cref="Summary"/> are null in lists; the GET of one pipeline
/// and registration fill them. Times are milliseconds since the Unix epoch.
/// </summary>
public sealed record PipelineInfo(
    string Name,
    string? Creator,
    long CreationTime,
    long LastUpdatedTime,
    string? Code,
    string? Spec,
    PipelineSpecSummary? Summary);
