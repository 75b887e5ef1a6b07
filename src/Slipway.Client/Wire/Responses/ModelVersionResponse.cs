namespace Slipway.Client.Wire.Responses;

internal sealed record ModelVersionResponse
{
    public WireModelVersion? ModelVersion { get; init; }
}
