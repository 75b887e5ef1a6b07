namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>runs/create</c>.</summary>
internal sealed record CreateRunRequest
{
    public string? ExperimentId { get; init; }

    public string? UserId { get; init; }

    public string? RunName { get; init; }

    public long? StartTime { get; init; }

    public List<WireKeyValue>? Tags { get; init; }
}
