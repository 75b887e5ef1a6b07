namespace Slipway.Client.Wire.Responses;

/// <summary>Response of <c>POST /api/v1/blobs</c> (a tar batch).</summary>
internal sealed record BlobBatchResponse
{
    public int Stored { get; init; }

    public long Bytes { get; init; }
}
