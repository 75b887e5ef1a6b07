namespace Slipway.Client.Wire.Responses;

/// <summary>Response of <c>PUT /api/v1/blobs/{hash}</c>.</summary>
internal sealed record BlobStoredResponse
{
    public string? Hash { get; init; }

    public long Size { get; init; }
}
