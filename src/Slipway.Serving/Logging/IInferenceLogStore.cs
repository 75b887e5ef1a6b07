namespace Slipway.Serving.Logging;

/// <summary>
/// Where the inference log is kept. <see cref="InferenceLogWriter"/> appends to it from one background loop; the
/// monitoring feature reads it back by deployment and time.
/// </summary>
public interface IInferenceLogStore
{
    /// <summary>Appends <paramref name="batch"/>, in order. When it throws, some of the batch may have been kept.</summary>
    Task AppendAsync(IReadOnlyList<InferenceLogRecord> batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// The records of one deployment whose <see cref="InferenceLogRecord.Timestamp"/> is at or after
    /// <paramref name="since"/> and before <paramref name="until"/>, hour by hour. Within an hour they come nearly, but
    /// not strictly, in time order (requests finish out of order, and shadow copies finish later); a caller that needs
    /// strict order sorts.
    /// </summary>
    IAsyncEnumerable<InferenceLogRecord> ReadAsync(string workspaceId, string deployment, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Every deployment that has records (in <paramref name="workspaceId"/> only, when given), and the span they cover.</summary>
    Task<IReadOnlyList<InferenceLogExtent>> ListAsync(string? workspaceId = null, CancellationToken cancellationToken = default);
}
