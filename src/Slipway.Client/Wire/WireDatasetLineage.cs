namespace Slipway.Client.Wire;

/// <summary>Response of <c>GET /api/v1/datasets/{name}/versions/{ref}/lineage</c>.</summary>
internal sealed record WireDatasetLineage
{
    public string? Dataset { get; init; }

    public long Version { get; init; }

    public List<WireLineageRun>? Runs { get; init; }

    public List<WireLineageModelVersion>? ModelVersions { get; init; }
}
