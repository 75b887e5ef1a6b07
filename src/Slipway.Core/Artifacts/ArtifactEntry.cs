namespace Slipway.Core.Artifacts;

/// <summary>One entry of an artifact listing; <see cref="Path"/> is relative to the store root.</summary>
public sealed record ArtifactEntry(string Path, bool IsDirectory, long? FileSize);
