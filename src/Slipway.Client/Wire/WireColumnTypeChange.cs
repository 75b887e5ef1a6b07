namespace Slipway.Client.Wire;

internal sealed record WireColumnTypeChange
{
    public string? Name { get; init; }

    public string? FromType { get; init; }

    public string? ToType { get; init; }
}
