namespace Slipway.Client.Wire.Responses;

internal sealed record AuditEventsResponse
{
    public List<WireAuditEvent>? Events { get; init; }

    public string? NextPageToken { get; init; }
}
