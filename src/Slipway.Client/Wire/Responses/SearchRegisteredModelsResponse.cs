namespace Slipway.Client.Wire.Responses;

internal sealed record SearchRegisteredModelsResponse
{
    public List<WireRegisteredModel>? RegisteredModels { get; init; }

    public string? NextPageToken { get; init; }
}
