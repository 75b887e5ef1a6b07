namespace Slipway.Core.Data;

/// <summary>One file of a dataset version: its relative path, size in bytes, content hash and media type.</summary>
public sealed record ManifestEntry(string Path, long Size, ContentHash Hash, string MediaType);
