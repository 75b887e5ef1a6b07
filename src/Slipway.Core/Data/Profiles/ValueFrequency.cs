namespace Slipway.Core.Data.Profiles;

/// <summary>A categorical value and how many rows hold it.</summary>
public sealed record ValueFrequency(string Value, long Count);
