namespace Slipway.Core.Data;

/// <summary>One content of a batch upload: the hash it claims and its bytes, read once, in order.</summary>
public sealed record BlobUpload(ContentHash Hash, Stream Content);
