namespace Slipway.Client.Datasets;

/// <summary>A registered model version made by a run that used a dataset version.</summary>
public sealed record LineageModelVersion(string Name, string Version, string? RunId);
