namespace Slipway.Client.Wire;

internal sealed record WireModelAlias
{
    public string? Alias { get; init; }

    [System.Text.Json.Serialization.JsonConverter(typeof(StringOrNumberConverter))]
    public string? Version { get; init; }
}
