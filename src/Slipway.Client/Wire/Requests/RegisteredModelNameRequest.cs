namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>registered-models/delete</c>.</summary>
internal sealed record RegisteredModelNameRequest
{
    public string? Name { get; init; }
}
