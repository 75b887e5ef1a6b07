namespace Slipway.Core.Tracking;

/// <summary>A dataset a run consumed, identified by name and digest within an experiment.</summary>
public sealed record Dataset(
    string Name,
    string Digest,
    string SourceType,
    string Source,
    string? Schema,
    string? Profile);
