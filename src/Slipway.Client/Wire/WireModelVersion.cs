using System.Text.Json.Serialization;

namespace Slipway.Client.Wire;

internal sealed record WireModelVersion
{
    public string? Name { get; init; }

    /// <summary>A decimal string in MLflow's JSON (a number is accepted too).</summary>
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? Version { get; init; }

    public long? CreationTimestamp { get; init; }

    public long? LastUpdatedTimestamp { get; init; }

    public string? UserId { get; init; }

    public string? CurrentStage { get; init; }

    public string? Description { get; init; }

    public string? Source { get; init; }

    public string? RunId { get; init; }

    public string? Status { get; init; }

    public string? StatusMessage { get; init; }

    public List<WireKeyValue>? Tags { get; init; }

    public string? RunLink { get; init; }

    public List<string>? Aliases { get; init; }
}
