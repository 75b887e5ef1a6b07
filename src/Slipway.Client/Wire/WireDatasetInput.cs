namespace Slipway.Client.Wire;

internal sealed record WireDatasetInput
{
    public List<WireKeyValue>? Tags { get; init; }

    public WireDataset? Dataset { get; init; }
}
