using Slipway.Core.Artifacts;

namespace Slipway.Client;

/// <summary>A run's artifacts under one directory (<c>artifacts/list</c>); file paths are relative to <see cref="RootUri"/>.</summary>
public sealed record RunArtifactListing(string RootUri, IReadOnlyList<ArtifactEntry> Files, string? NextPageToken);
