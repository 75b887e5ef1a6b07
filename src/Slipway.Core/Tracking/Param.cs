namespace Slipway.Core.Tracking;

/// <summary>A run parameter; immutable once logged.</summary>
public sealed record Param(string Key, string Value);
