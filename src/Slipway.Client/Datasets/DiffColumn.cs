namespace Slipway.Client.Datasets;

/// <summary>A column added or removed between two versions, with its logical type.</summary>
public sealed record DiffColumn(string Name, string Type);
