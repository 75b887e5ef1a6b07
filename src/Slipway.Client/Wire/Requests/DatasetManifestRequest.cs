namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>POST /api/v1/datasets/{name}/plan</c>: the manifest to push.</summary>
internal sealed record DatasetManifestRequest
{
    public List<WireFileEntry>? Files { get; init; }
}
