using Slipway.Core.Tracking;

namespace Slipway.Core.Registry;

/// <summary>
/// A named model in a workspace. <see cref="LatestVersions"/> holds the newest version per stage.
/// </summary>
public sealed record RegisteredModel(
    string WorkspaceId,
    string Name,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? UserId,
    string? Description,
    IReadOnlyList<ModelVersion> LatestVersions,
    IReadOnlyList<Tag> Tags,
    IReadOnlyList<RegisteredModelAlias> Aliases);
