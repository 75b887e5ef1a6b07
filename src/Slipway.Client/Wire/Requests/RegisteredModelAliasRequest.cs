namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>registered-models/alias</c> (set, and without a version, delete).</summary>
internal sealed record RegisteredModelAliasRequest
{
    public string? Name { get; init; }

    public string? Alias { get; init; }

    public string? Version { get; init; }
}
