namespace Slipway.Client.Wire;

internal sealed record WireColumnType
{
    public string? Name { get; init; }

    public string? Type { get; init; }
}
