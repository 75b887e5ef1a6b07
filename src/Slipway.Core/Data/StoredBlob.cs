namespace Slipway.Core.Data;

/// <summary>A blob as the sweep sees it: its hash, size, and when it was last written or named by a push.</summary>
public sealed record StoredBlob(ContentHash Hash, long Size, DateTimeOffset LastUsed);
