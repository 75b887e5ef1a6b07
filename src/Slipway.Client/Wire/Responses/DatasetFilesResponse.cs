namespace Slipway.Client.Wire.Responses;

internal sealed record DatasetFilesResponse
{
    public List<WireFileEntry>? Files { get; init; }
}
