namespace Slipway.Client.Wire;

internal sealed record WireFileChange
{
    public string? Path { get; init; }

    public WireFileEntry? From { get; init; }

    public WireFileEntry? To { get; init; }
}
