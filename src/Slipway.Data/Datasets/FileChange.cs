using Slipway.Core.Data;

namespace Slipway.Data.Datasets;

/// <summary>A path both versions hold with different content (or media type).</summary>
public sealed record FileChange(string Path, ManifestEntry From, ManifestEntry To);
