using Slipway.Core.Data;

namespace Slipway.Client.Datasets;

/// <summary>
/// What a pull did: files written (<see cref="FilesDownloaded"/>) and files left alone because they were already there
/// with the right content (<see cref="FilesSkipped"/>). <see cref="BytesDownloaded"/> counts bytes received; a content
/// shared by several files is received once.
/// </summary>
public sealed record DatasetPullResult(
    DatasetVersion Version,
    string TargetDirectory,
    int FileCount,
    int FilesDownloaded,
    int FilesSkipped,
    long BytesDownloaded,
    TimeSpan Elapsed);
