namespace Slipway.Client.Wire;

internal sealed record WireDataset
{
    public string? Name { get; init; }

    public string? Digest { get; init; }

    public string? SourceType { get; init; }

    public string? Source { get; init; }

    public string? Schema { get; init; }

    public string? Profile { get; init; }
}
