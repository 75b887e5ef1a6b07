namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>experiments/create</c>.</summary>
internal sealed record CreateExperimentRequest
{
    public string? Name { get; init; }

    public string? ArtifactLocation { get; init; }

    public List<WireKeyValue>? Tags { get; init; }
}
