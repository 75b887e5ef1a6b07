namespace Slipway.Client.Wire.Requests;

/// <summary>Body of <c>runs/delete</c> and <c>runs/restore</c>.</summary>
internal sealed record RunIdRequest
{
    public string? RunId { get; init; }
}
