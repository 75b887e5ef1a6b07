namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>POST /api/v1/blobs/fetch</c>.</summary>
internal sealed record FetchBlobsRequest
{
    public List<string>? Hashes { get; init; }
}
