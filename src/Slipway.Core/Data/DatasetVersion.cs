namespace Slipway.Core.Data;

/// <summary>A committed, immutable dataset version. Times are milliseconds since the Unix epoch.</summary>
public sealed record DatasetVersion(
    string Dataset,
    long Version,
    long CreationTime,
    string? Creator,
    string? Message,
    long? ParentVersion,
    int FileCount,
    long TotalBytes,
    string? Metadata,
    IReadOnlyList<string> Tags);
