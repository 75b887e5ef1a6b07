namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>registered-models/set-tag</c> and (without a value) <c>registered-models/delete-tag</c>.</summary>
internal sealed record RegisteredModelTagRequest
{
    public string? Name { get; init; }

    public string? Key { get; init; }

    public string? Value { get; init; }
}
