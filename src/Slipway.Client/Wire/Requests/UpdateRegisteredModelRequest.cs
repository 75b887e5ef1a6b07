namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>registered-models/update</c>.</summary>
internal sealed record UpdateRegisteredModelRequest
{
    public string? Name { get; init; }

    public string? Description { get; init; }
}
