namespace Slipway.Data.Datasets;

/// <summary>A column named with its logical type, as a schema lists it.</summary>
public sealed record ColumnType(string Name, string Type);
