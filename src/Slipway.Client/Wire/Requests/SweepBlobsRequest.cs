namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>POST /api/v1/blobs/sweep</c>; no grace period leaves the server's default.</summary>
internal sealed record SweepBlobsRequest
{
    public long? GraceSeconds { get; init; }
}
