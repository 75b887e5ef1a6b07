namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>PUT /api/v1/datasets/{name}/tags/{tag}</c>.</summary>
internal sealed record DatasetTagRequest
{
    public long Version { get; init; }
}
