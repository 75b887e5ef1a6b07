using Slipway.Core.Data;

namespace Slipway.Core.Stores;

/// <summary>
/// Content-addressed storage for dataset files: each distinct content is kept once per workspace, under its
/// <see cref="ContentHash"/>. Writes are verified against the hash they claim and land atomically; reads are
/// verified as they are consumed, so damage on disk is reported rather than served.
/// </summary>
public interface IBlobStore
{
    Task<bool> ExistsAsync(string workspaceId, ContentHash hash, CancellationToken cancellationToken = default);

    /// <summary>
    /// The hashes among <paramref name="hashes"/> the workspace does not hold yet (each once, in the order given).
    /// Those it holds are marked as used now, so the sweep's grace period keeps them for the push that asked.
    /// </summary>
    Task<IReadOnlyList<ContentHash>> FindMissingAsync(string workspaceId, IEnumerable<ContentHash> hashes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="content"/> as <paramref name="hash"/> and returns its size. Content that is already held
    /// is read through and not written again.
    /// </summary>
    /// <exception cref="Errors.SlipwayException">INVALID_PARAMETER_VALUE when the bytes do not hash to <paramref name="hash"/>; nothing is stored.</exception>
    Task<long> PutAsync(string workspaceId, ContentHash hash, Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a batch of contents (many small files) as <see cref="PutAsync"/> does, each verified, but made durable
    /// together, which is what makes a push of 100,000 small files fast. All or nothing: when one content does not match
    /// its hash, none of the batch is stored. Returns how many contents and bytes the batch held.
    /// </summary>
    Task<(long Count, long Bytes)> PutBatchAsync(string workspaceId, IAsyncEnumerable<BlobUpload> uploads, CancellationToken cancellationToken = default);

    /// <summary>
    /// The blob's bytes, or null when the workspace does not hold it. The stream throws <see cref="InvalidDataException"/>
    /// at its end if the bytes read do not hash to <paramref name="hash"/>.
    /// </summary>
    Task<Stream?> OpenReadAsync(string workspaceId, ContentHash hash, CancellationToken cancellationToken = default);

    /// <summary>Every blob of the workspace, in no particular order.</summary>
    IAsyncEnumerable<StoredBlob> ListAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>Removes a blob unless it was used at or after <paramref name="unusedSince"/>; false when it was kept or not there.</summary>
    Task<bool> DeleteAsync(string workspaceId, ContentHash hash, DateTimeOffset unusedSince, CancellationToken cancellationToken = default);
}
