using Slipway.Core.Data;

namespace Slipway.Client.Datasets;

/// <summary>A file's SHA-256 and the number of bytes it was computed over.</summary>
internal readonly record struct HashedFile(ContentHash Hash, long Size);
