using Slipway.Core.Tracking;

namespace Slipway.Core.Registry;

/// <summary>What a caller supplies to register a new version of a model.</summary>
public sealed record NewModelVersion(
    string Name,
    string Source,
    string? RunId,
    string? RunLink,
    string? Description,
    string? UserId,
    IReadOnlyList<Tag> Tags);
