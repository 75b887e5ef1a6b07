namespace Slipway.Serving.Batch;

/// <summary>How <see cref="BatchScorer"/> works through a table.</summary>
public sealed record BatchScoringOptions
{
    /// <summary>65,536 rows: large enough that the runtime's per-call cost (tensor set-up, a few microseconds) is lost in
    /// the arithmetic, small enough that a chunk's tensors (2 MB for 8 FP32 features) stay in the CPU's caches.</summary>
    public const int DefaultChunkRows = 65_536;

    /// <summary>Rows handed to <see cref="Runtimes.IModelRuntime.Predict"/> at a time (the last chunk holds what is left).</summary>
    public int ChunkRows { get; init; } = DefaultChunkRows;
}
