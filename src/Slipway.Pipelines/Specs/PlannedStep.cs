namespace Slipway.Pipelines.Specs;

/// <summary>
/// One step of a run's plan. A step without a matrix is one planned step (<see cref="Matrix"/> empty). A sweep is a
/// parent named as the step, whose <see cref="Variants"/> (and <see cref="DependsOn"/>) are its variants, plus one
/// variant per combination, named <c>&lt;step&gt;.1</c>, <c>&lt;step&gt;.2</c>, ..., each with its
/// <see cref="Matrix"/> values and <see cref="SweepParent"/> set. Steps that depend on a sweep depend on its parent,
/// which completes once all its variants have.
/// </summary>
public sealed record PlannedStep(
    string Name,
    StepSpec Spec,
    IReadOnlyDictionary<string, string> Matrix,
    string? SweepParent,
    IReadOnlyList<string> Variants,
    IReadOnlyList<string> DependsOn)
{
    /// <summary>True for the parent of a sweep, which runs nothing itself.</summary>
    public bool IsSweepParent => Variants.Count > 0;

    /// <summary>True for one variant of a sweep.</summary>
    public bool IsVariant => SweepParent is not null;
}
