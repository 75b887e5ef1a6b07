namespace Slipway.Client.Wire.Responses;

internal sealed record UserResponse
{
    public WireUser? User { get; init; }
}
