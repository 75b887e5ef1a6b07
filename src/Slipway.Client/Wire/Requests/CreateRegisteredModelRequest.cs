namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>registered-models/create</c>.</summary>
internal sealed record CreateRegisteredModelRequest
{
    public string? Name { get; init; }

    public List<WireKeyValue>? Tags { get; init; }

    public string? Description { get; init; }
}
