namespace Slipway.Core.Pipelines;

/// <summary>A webhook that starts a pipeline: its public id (part of the URL) and the SHA-256 of its secret token.</summary>
public sealed record PipelineWebhook(
    string Id,
    string WorkspaceId,
    string Pipeline,
    string TokenHash,
    string? Creator,
    long CreationTime);
