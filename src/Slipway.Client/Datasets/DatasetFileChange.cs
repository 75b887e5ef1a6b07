using Slipway.Core.Data;

namespace Slipway.Client.Datasets;

/// <summary>A file in both versions with different content.</summary>
public sealed record DatasetFileChange(string Path, ManifestEntry From, ManifestEntry To);
