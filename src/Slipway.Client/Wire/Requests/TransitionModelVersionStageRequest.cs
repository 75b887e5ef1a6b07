namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>model-versions/transition-stage</c>.</summary>
internal sealed record TransitionModelVersionStageRequest
{
    public string? Name { get; init; }

    public string? Version { get; init; }

    public string? Stage { get; init; }

    public bool ArchiveExistingVersions { get; init; }
}
