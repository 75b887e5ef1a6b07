namespace Slipway.Client.Wire;

/// <summary>One file of a dataset manifest: relative path, size, SHA-256 (lower-case hex) and media type.</summary>
internal sealed record WireFileEntry
{
    public string? Path { get; init; }

    public long Size { get; init; }

    public string? Hash { get; init; }

    public string? MediaType { get; init; }
}
