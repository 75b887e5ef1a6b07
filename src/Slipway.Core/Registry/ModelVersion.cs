using Slipway.Core.Tracking;

namespace Slipway.Core.Registry;

/// <summary>One immutable version of a registered model. Versions are numbered from 1 per model.</summary>
public sealed record ModelVersion(
    string Name,
    long Version,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? UserId,
    string CurrentStage,
    string? Description,
    string Source,
    string? RunId,
    string? RunLink,
    ModelVersionStatus Status,
    string? StatusMessage,
    IReadOnlyList<Tag> Tags,
    IReadOnlyList<string> Aliases);
