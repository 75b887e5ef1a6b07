namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>POST /api/v1/events/alerts</c>.</summary>
internal sealed record AlertEventRequest
{
    public string? Alert { get; init; }

    public string? Detail { get; init; }
}
