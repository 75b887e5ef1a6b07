namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>model-versions/set-tag</c> and (without a value) <c>model-versions/delete-tag</c>.</summary>
internal sealed record ModelVersionTagRequest
{
    public string? Name { get; init; }

    public string? Version { get; init; }

    public string? Key { get; init; }

    public string? Value { get; init; }
}
