namespace Slipway.Data.Datasets;

/// <summary>A column in both versions of a table whose logical type changed.</summary>
public sealed record ColumnChange(string Name, string FromType, string ToType);
