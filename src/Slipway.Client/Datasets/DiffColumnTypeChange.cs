namespace Slipway.Client.Datasets;

/// <summary>A column whose logical type changed between two versions.</summary>
public sealed record DiffColumnTypeChange(string Name, string FromType, string ToType);
