namespace Slipway.Pipelines.Specs;

/// <summary>How sweep variants are ranked: by a metric of their runs, largest first when <see cref="Maximize"/>.</summary>
public sealed record RankSpec(string Metric, bool Maximize);
