namespace Slipway.Client.Wire;

internal sealed record WireFileInfo
{
    public string? Path { get; init; }

    public bool IsDir { get; init; }

    public long? FileSize { get; init; }
}
