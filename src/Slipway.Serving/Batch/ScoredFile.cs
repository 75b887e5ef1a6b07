namespace Slipway.Serving.Batch;

/// <summary>One table file scored: where it was read, where its Parquet file with the predictions was written, and its rows.</summary>
public sealed record ScoredFile(string Input, string Output, long Rows);
