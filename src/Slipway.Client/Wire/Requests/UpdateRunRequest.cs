namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>runs/update</c>.</summary>
internal sealed record UpdateRunRequest
{
    public string? RunId { get; init; }

    public string? Status { get; init; }

    public long? EndTime { get; init; }

    public string? RunName { get; init; }
}
