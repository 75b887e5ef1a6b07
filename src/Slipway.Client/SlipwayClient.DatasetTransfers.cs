using Slipway.Client.Datasets;

namespace Slipway.Client;

public sealed partial class SlipwayClient
{
    /// <summary>
    /// Pushes a directory (every file below it, with '/'-separated relative paths) or a single file as a new version
    /// of <paramref name="dataset"/>, uploading only the contents the server does not hold yet. Safe to interrupt:
    /// nothing is committed until every content is stored, and running the push again sends only what is missing.
    /// Pushing exactly the files of the latest version creates no version (<see cref="DatasetPushResult.Created"/> false).
    /// </summary>
    /// <param name="path">A directory or a file.</param>
    /// <param name="dataset">The dataset's name (created by its first push).</param>
    /// <param name="progress">Reports hashing, uploading and committing as they go; called from worker threads.</param>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    public Task<DatasetPushResult> PushAsync(
        string path, string dataset, DatasetPushOptions? options = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new DatasetPusher(this, progress).PushAsync(path, dataset, options ?? new DatasetPushOptions(), cancellationToken);
    }

    /// <summary>
    /// Pulls a version into <paramref name="targetDirectory"/> (created if needed): <c>churn@3</c>, <c>churn@golden</c>,
    /// <c>churn</c> (the latest) or <c>data:churn@3</c>; <c>churn@3/images</c> pulls only the files under that path.
    /// Files already present with the right content are left alone; the others are downloaded, verified against their
    /// hash and moved into place. Other files in the directory are not touched.
    /// </summary>
    /// <param name="progress">Reports checking existing files and downloading as they go; called from worker threads.</param>
    /// <exception cref="Core.Errors.SlipwayException">INVALID_PARAMETER_VALUE when a manifest path would land outside the directory (nothing is written).</exception>
    public Task<DatasetPullResult> PullAsync(
        string reference, string targetDirectory, DatasetPullOptions? options = null, IProgress<TransferProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new DatasetPuller(this, progress).PullAsync(reference, targetDirectory, options ?? new DatasetPullOptions(), cancellationToken);
}
