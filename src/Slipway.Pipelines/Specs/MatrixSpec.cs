namespace Slipway.Pipelines.Specs;

/// <summary>
/// A sweep: the step runs once per combination of <see cref="Variables"/> (grid), or <see cref="Budget"/> times with
/// values drawn from them using <see cref="Seed"/> (random). At most <see cref="MaxParallel"/> variants run at once
/// (null: as many as resources allow). Variants are ranked by <see cref="Rank"/>; the best one stands for the step
/// in expressions and inputs of later steps.
/// </summary>
public sealed record MatrixSpec(
    MatrixStrategy Strategy,
    IReadOnlyList<MatrixVariable> Variables,
    int? Budget,
    int Seed,
    int? MaxParallel,
    RankSpec? Rank,
    SourceLocation Location);
