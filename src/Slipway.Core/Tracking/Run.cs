namespace Slipway.Core.Tracking;

/// <summary>
/// A run with its data. <see cref="Metrics"/> holds the latest value of each metric, never the history.
/// </summary>
public sealed record Run(
    RunInfo Info,
    IReadOnlyList<Metric> Metrics,
    IReadOnlyList<Param> Params,
    IReadOnlyList<Tag> Tags,
    IReadOnlyList<DatasetInput> Inputs);
