using System.Text.Json.Serialization;

namespace Slipway.Client.Wire;

internal sealed record WireLineageModelVersion
{
    public string? Name { get; init; }

    /// <summary>A number in the native API, a string in MLflow's; either is read.</summary>
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? Version { get; init; }

    public string? RunId { get; init; }
}
