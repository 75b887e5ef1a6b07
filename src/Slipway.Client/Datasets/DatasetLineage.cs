namespace Slipway.Client.Datasets;

/// <summary>What used a dataset version: the runs that logged it as an input and the model versions made by those runs.</summary>
public sealed record DatasetLineage(string Dataset, long Version, IReadOnlyList<LineageRun> Runs, IReadOnlyList<LineageModelVersion> ModelVersions);
