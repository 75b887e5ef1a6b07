namespace Slipway.Core.Data;

/// <summary>A dataset as listed: its name, newest version, and when it was created and last given a version.</summary>
public sealed record DatasetSummary(string Name, long LatestVersion, long CreationTime, long LastUpdatedTime);
