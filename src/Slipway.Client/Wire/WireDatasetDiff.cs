namespace Slipway.Client.Wire;

/// <summary>Response of <c>GET /api/v1/dataset-diff</c>.</summary>
internal sealed record WireDatasetDiff
{
    public string? From { get; init; }

    public string? To { get; init; }

    public List<WireFileEntry>? Added { get; init; }

    public List<WireFileEntry>? Removed { get; init; }

    public List<WireFileChange>? Changed { get; init; }

    public long UnchangedCount { get; init; }

    public List<WireTableDiff>? Tables { get; init; }
}
