namespace Slipway.Core.Pipelines;

/// <summary>Which pipeline runs to list: all, or one pipeline's, optionally in one status; newest first.</summary>
public sealed record PipelineRunQuery(
    string? Pipeline = null,
    PipelineRunStatus? Status = null,
    int MaxResults = 100,
    string? PageToken = null);
