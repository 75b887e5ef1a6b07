namespace Slipway.Serving.Batch;

/// <summary>What scoring one table file gave: the file, the calls to the model, and the prediction columns it wrote.</summary>
internal sealed record TableScoringResult(ScoredFile File, int Chunks, IReadOnlyList<string> PredictionColumns);
