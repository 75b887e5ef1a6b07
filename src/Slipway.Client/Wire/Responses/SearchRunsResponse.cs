namespace Slipway.Client.Wire.Responses;

internal sealed record SearchRunsResponse
{
    public List<WireRun>? Runs { get; init; }

    public string? NextPageToken { get; init; }
}
