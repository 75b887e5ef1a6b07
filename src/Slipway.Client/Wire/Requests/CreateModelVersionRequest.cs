namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>model-versions/create</c>.</summary>
internal sealed record CreateModelVersionRequest
{
    public string? Name { get; init; }

    public string? Source { get; init; }

    public string? RunId { get; init; }

    public List<WireKeyValue>? Tags { get; init; }

    public string? RunLink { get; init; }

    public string? Description { get; init; }
}
