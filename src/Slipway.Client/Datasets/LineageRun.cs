namespace Slipway.Client.Datasets;

/// <summary>A run that used a dataset version.</summary>
public sealed record LineageRun(string RunId, string ExperimentId, string? RunName, string? Status);
