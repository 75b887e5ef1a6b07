namespace Slipway.Pipelines.Specs;

/// <summary>
/// One swept variable: a list of values (<see cref="Values"/>), or for random search a range drawn from
/// (<see cref="Distribution"/> with <see cref="Low"/> and <see cref="High"/>).
/// </summary>
public sealed record MatrixVariable(
    string Name,
    IReadOnlyList<string>? Values,
    MatrixDistribution Distribution,
    double Low,
    double High);
