namespace Slipway.Client.Wire;

internal sealed record WireRunInputs
{
    public List<WireDatasetInput>? DatasetInputs { get; init; }
}
