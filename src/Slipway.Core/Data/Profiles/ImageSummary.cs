namespace Slipway.Core.Data.Profiles;

/// <summary>
/// The images of a version (PNG, JPEG): how many, how large, of which media types, and counted by folder, since a
/// folder name is the class label in the usual layout (<c>train/cat/001.png</c>).
/// </summary>
public sealed record ImageSummary
{
    public required long Count { get; init; }

    public required long TotalBytes { get; init; }

    public required IReadOnlyList<FolderCount> Folders { get; init; }

    public required IReadOnlyList<MediaTypeCount> MediaTypes { get; init; }

    /// <summary>Smallest and largest pixel dimensions seen; null when no image could be read.</summary>
    public int? MinWidth { get; init; }

    public int? MaxWidth { get; init; }

    public int? MinHeight { get; init; }

    public int? MaxHeight { get; init; }

    /// <summary>
    /// Images whose header could not be read (corrupt, truncated, or their blob missing): counted above, but without
    /// dimensions, so a few bad files neither fail the summary nor hide among the good ones.
    /// </summary>
    public long Unreadable { get; init; }
}
