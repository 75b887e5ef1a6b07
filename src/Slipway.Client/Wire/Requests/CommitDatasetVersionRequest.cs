namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>POST /api/v1/datasets/{name}/versions</c>.</summary>
internal sealed record CommitDatasetVersionRequest
{
    public List<WireFileEntry>? Files { get; init; }

    public string? Message { get; init; }

    public long? ParentVersion { get; init; }

    public List<string>? Tags { get; init; }
}
