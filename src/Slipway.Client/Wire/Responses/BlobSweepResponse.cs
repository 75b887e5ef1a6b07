namespace Slipway.Client.Wire.Responses;

/// <summary>Response of <c>POST /api/v1/blobs/sweep</c>.</summary>
internal sealed record BlobSweepResponse
{
    public long Examined { get; init; }

    public long Deleted { get; init; }

    public long BytesFreed { get; init; }

    public long KeptRecent { get; init; }

    public long KeptReferenced { get; init; }
}
