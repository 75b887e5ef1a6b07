namespace Slipway.Client.Wire.Responses;

internal sealed record RegisteredModelResponse
{
    public WireRegisteredModel? RegisteredModel { get; init; }
}
