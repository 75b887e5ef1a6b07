namespace Slipway.Client.Wire.Responses;

internal sealed record PipelineRunsResponse
{
    public List<WirePipelineRun>? Runs { get; init; }

    public string? NextPageToken { get; init; }
}
