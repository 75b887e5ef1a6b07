using Slipway.Core.Data;
using Slipway.Core.Data.Profiles;

namespace Slipway.Client.Datasets;

/// <summary>
/// What a push did. <see cref="Created"/> is false when the files were exactly those of the latest version, which
/// <see cref="Version"/> then is. <see cref="FilesAlreadyStored"/> counts files whose content the server held before
/// this push (from earlier versions, or an interrupted push being resumed).
/// </summary>
public sealed record DatasetPushResult(
    DatasetVersion Version,
    DatasetProfile? Profile,
    bool Created,
    int FileCount,
    long BytesHashed,
    int BlobsUploaded,
    long BytesUploaded,
    int FilesAlreadyStored,
    TimeSpan Elapsed);
