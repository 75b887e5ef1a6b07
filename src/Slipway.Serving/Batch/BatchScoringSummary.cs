namespace Slipway.Serving.Batch;

/// <summary>
/// What a batch scoring run did: the files it wrote, the prediction columns it added after the input columns, and the
/// rows, chunks (calls to the model) and wall time over all files.
/// </summary>
public sealed record BatchScoringSummary(
    IReadOnlyList<ScoredFile> Files,
    IReadOnlyList<string> PredictionColumns,
    long Rows,
    int Chunks,
    TimeSpan Elapsed)
{
    /// <summary>Rows read, scored and written per second of <see cref="Elapsed"/>, end to end.</summary>
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? Rows / Elapsed.TotalSeconds : 0;
}
