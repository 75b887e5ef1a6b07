namespace Slipway.Core.Data;

/// <summary>
/// A version to commit: its files (every blob already stored), who made it and why, the version it derives from, and
/// optional metadata JSON (schema, row count, profile).
/// </summary>
public sealed record NewDatasetVersion(
    string Dataset,
    IReadOnlyList<ManifestEntry> Files,
    string? Creator = null,
    string? Message = null,
    long? ParentVersion = null,
    string? Metadata = null);
