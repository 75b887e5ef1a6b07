namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>model-versions/update</c> and <c>model-versions/delete</c>.</summary>
internal sealed record ModelVersionRequest
{
    public string? Name { get; init; }

    public string? Version { get; init; }

    public string? Description { get; init; }
}
