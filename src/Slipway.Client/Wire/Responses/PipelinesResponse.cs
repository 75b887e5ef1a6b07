namespace Slipway.Client.Wire.Responses;

internal sealed record PipelinesResponse
{
    public List<WirePipeline>? Pipelines { get; init; }
}
