namespace Slipway.Core.Events;

/// <summary>A new version of a dataset was committed.</summary>
public sealed record DatasetVersionCreated(string WorkspaceId, string Dataset, long Version) : PlatformEvent(WorkspaceId);
